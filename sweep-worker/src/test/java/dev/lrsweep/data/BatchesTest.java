package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static final int IMG = CifarReader.IMAGE_BYTES;

  /**
   * 103 images (not a multiple of the batch size) whose first float identifies them: image i
   * starts with byte i, so its first feature is i / 255 and {@link #imageOf} recovers i.
   */
  private static final ImageSplit SPLIT = ImageSplitTest.split(103);

  private static int imageOf(float[] features, int k) {
    return Math.round(features[k * IMG] * 255f);
  }

  /** The image order an iterator serves, checking sizes and labels along the way. */
  private static List<Integer> order(Iterator<Batch> batches, int batchSize) {
    List<Integer> order = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    while (batches.hasNext()) {
      Batch b = batches.next();
      sizes.add(b.size());
      assertEquals(b.size() * IMG, b.features().length);
      assertEquals(b.size(), b.labels().length);
      for (int k = 0; k < b.size(); k++) {
        int image = imageOf(b.features(), k);
        assertEquals(image % 10, b.labels()[k], "label of image " + image);
        // the whole image, not just its first float: byte (image + j) at position j
        assertEquals(((image + 3071) & 0xFF) / 255f, b.features()[k * IMG + 3071]);
        order.add(image);
      }
    }
    // 103 = 3 * 32 + 7
    if (batchSize == 32) {
      assertEquals(List.of(32, 32, 32, 7), sizes);
    }
    return order;
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }

  @Test
  void inOrderServesEveryImageInStoredOrderKeepingTheLastPartialBatch() {
    assertEquals(range(103), order(Batches.inOrder(SPLIT, 32), 32));
    assertEquals(4, Batches.count(103, 32));
  }

  @Test
  void shuffledIsAPermutationEachEpoch() {
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> order = order(Batches.shuffled(SPLIT, 32, 42, epoch), 32);
      List<Integer> sorted = new ArrayList<>(order);
      sorted.sort(null);
      assertEquals(range(103), sorted, "epoch " + epoch + " serves each image exactly once");
    }
  }

  @Test
  void shuffledIsDeterministicPerSeedAndEpoch() {
    assertEquals(
        order(Batches.shuffled(SPLIT, 32, 42, 5), 32),
        order(Batches.shuffled(SPLIT, 32, 42, 5), 32));
  }

  @Test
  void shuffledDiffersAcrossEpochsAndSeedsAndFromStoredOrder() {
    List<Integer> e0 = order(Batches.shuffled(SPLIT, 32, 42, 0), 32);
    List<Integer> e1 = order(Batches.shuffled(SPLIT, 32, 42, 1), 32);
    List<Integer> otherSeed = order(Batches.shuffled(SPLIT, 32, 43, 0), 32);
    assertNotEquals(e0, e1);
    assertNotEquals(e0, otherSeed);
    assertNotEquals(range(103), e0);
  }

  @Test
  void fullBatchesReuseTheirArrays() {
    Iterator<Batch> it = Batches.inOrder(SPLIT, 32);
    Batch first = it.next();
    Batch second = it.next();
    assertSame(first.features(), second.features());
    assertSame(first.labels(), second.labels());
  }

  @Test
  void batchLargerThanTheSplitGivesOneBatch() {
    Iterator<Batch> it = Batches.inOrder(SPLIT, 500);
    Batch only = it.next();
    assertEquals(103, only.size());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void badArgumentsAreRejected() {
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(SPLIT, 0));
    assertEquals("batch size must be 1 or greater, found 0", size.getMessage());
    IllegalArgumentException epoch =
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(SPLIT, 8, 1, -1));
    assertEquals("epoch must be 0 or greater, found -1", epoch.getMessage());
  }

  @Test
  void permutationOfOneAndZeroImages() {
    assertArrayEquals(new int[] {0}, Batches.permutation(1, 9, 0));
    assertArrayEquals(new int[] {}, Batches.permutation(0, 9, 0));
  }
}
