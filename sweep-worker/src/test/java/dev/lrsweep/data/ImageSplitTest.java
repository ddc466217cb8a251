package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSplitTest {

  /** A split of {@code n} images with labels i % 10 and pixel bytes (i + k) & 0xFF. */
  static ImageSplit split(int n) {
    byte[] pixels = new byte[n * CifarReader.IMAGE_BYTES];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
      for (int k = 0; k < CifarReader.IMAGE_BYTES; k++) {
        pixels[i * CifarReader.IMAGE_BYTES + k] = (byte) (i + k);
      }
    }
    return new ImageSplit(CifarReader.SHAPE, CifarReader.CLASSES, pixels, labels);
  }

  @Test
  void pixelsScaleUnsignedToUnitRangeInRgbPlaneOrder() {
    byte[] pixels = new byte[CifarReader.IMAGE_BYTES];
    for (int p = 0; p < 1024; p++) {
      pixels[p] = (byte) 255; // R plane
      pixels[1024 + p] = (byte) 128; // G plane: negative as a signed byte
      pixels[2048 + p] = 0; // B plane
    }
    pixels[2048 + 33] = 1; // B at row 1, column 1
    ImageSplit split = new ImageSplit(CifarReader.SHAPE, CifarReader.CLASSES, pixels, new byte[] {3});

    float[] dst = new float[2 + CifarReader.IMAGE_BYTES];
    split.copyImage(0, dst, 2);

    assertEquals(0f, dst[0]); // before the offset: untouched
    assertEquals(0f, dst[1]);
    assertEquals(1.0f, dst[2]); // R, first pixel: 255 / 255
    assertEquals(1.0f, dst[2 + 1023]);
    assertEquals(128 / 255f, dst[2 + 1024]); // G: 0.50196...
    assertEquals(0.5019608f, dst[2 + 1024 + 500], 1e-7f);
    assertEquals(0f, dst[2 + 2048]); // B
    assertEquals(1 / 255f, dst[2 + 2048 + 33]);
    assertEquals(3, split.label(0));
  }

  @Test
  void everyByteValueMapsToItsQuotientBy255() {
    byte[] pixels = new byte[CifarReader.IMAGE_BYTES];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = (byte) k; // cycles through 0..255, as signed -128..127 for the upper half
    }
    float[] dst = new float[CifarReader.IMAGE_BYTES];
    new ImageSplit(CifarReader.SHAPE, CifarReader.CLASSES, pixels, new byte[] {0}).copyImage(0, dst, 0);
    for (int k = 0; k < dst.length; k++) {
      assertEquals((k % 256) / 255f, dst[k], "byte " + (k % 256));
    }
  }

  @Test
  void mismatchedArraysAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ImageSplit(CifarReader.SHAPE, CifarReader.CLASSES, new byte[3072 * 2], new byte[3]));
    assertEquals(
        "pixels must hold 3072 bytes per label (3 labels), found 6144 bytes", e.getMessage());
  }

  @Test
  void balancedSubsetHasTheRightCountsPerClass() {
    ImageSplit full = split(1000); // 100 per class
    ImageSplit subset = full.balancedSubset(25, 7);
    assertEquals(25, subset.size());
    // 25 / 10 = 2 per class, remainder 5 to labels 0..4
    assertArrayEquals(new int[] {3, 3, 3, 3, 3, 2, 2, 2, 2, 2}, subset.classCounts());
    assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10},
        full.balancedSubset(100, 1).classCounts());
  }

  @Test
  void balancedSubsetIsAViewOfDistinctImagesInStoredOrder() {
    ImageSplit full = split(1000);
    ImageSplit subset = full.balancedSubset(50, 3);
    assertTrue(subset.sharesBytesWith(full));
    List<Integer> sources = sourceIndices(full, subset);
    assertEquals(50, new HashSet<>(sources).size());
    for (int k = 1; k < sources.size(); k++) {
      assertTrue(sources.get(k - 1) < sources.get(k), "stored order kept: " + sources);
    }
    // a subset of a subset still points into the same bytes and reads the right images
    ImageSplit smaller = subset.balancedSubset(10, 4);
    assertTrue(smaller.sharesBytesWith(full));
    assertTrue(sources.containsAll(sourceIndices(full, smaller)));
  }

  @Test
  void balancedSubsetIsDeterministicPerSeedAndDiffersAcrossSeeds() {
    ImageSplit full = split(1000);
    List<Integer> a = sourceIndices(full, full.balancedSubset(40, 11));
    List<Integer> b = sourceIndices(full, full.balancedSubset(40, 11));
    List<Integer> c = sourceIndices(full, full.balancedSubset(40, 12));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void zeroOrAtLeastTheSizeMeansTheWholeSplit() {
    ImageSplit full = split(30);
    assertSame(full, full.balancedSubset(0, 1));
    assertSame(full, full.balancedSubset(30, 1));
    assertSame(full, full.balancedSubset(31, 1));
  }

  @Test
  void invalidLimitsAreRejectedWithTheReason() {
    ImageSplit full = split(30); // 3 per class
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> full.balancedSubset(-1, 1));
    assertEquals("subset limit must be 0 (all images) or positive, found -1", negative.getMessage());
    byte[] labels = new byte[30]; // 30 images, 28 of class 0, one of class 1 and one of class 2
    labels[1] = 1;
    labels[2] = 2;
    ImageSplit skewed = new ImageSplit(CifarReader.SHAPE, CifarReader.CLASSES, new byte[30 * CifarReader.IMAGE_BYTES], labels);
    IllegalArgumentException tooFew =
        assertThrows(IllegalArgumentException.class, () -> skewed.balancedSubset(20, 1));
    // 20 images: 2 per class, and class 1 has one
    assertEquals(
        "a balanced subset of 20 images needs 2 of class 1, but the split has only 1",
        tooFew.getMessage());
  }

  /** Which image of {@code full} each subset image is, found by comparing bytes. */
  static List<Integer> sourceIndices(ImageSplit full, ImageSplit subset) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < subset.size(); i++) {
      byte[] bytes = subset.imageBytes(i);
      // split(n) makes image j start with byte (byte) j and labels it j % 10: for n <= 1280
      // (the lcm of 256 and 10) bytes and label together identify the image
      int found = -1;
      for (int j = Byte.toUnsignedInt(bytes[0]); j < full.size(); j += 256) {
        if (java.util.Arrays.equals(bytes, full.imageBytes(j)) && full.label(j) == subset.label(i)) {
          found = j;
          break;
        }
      }
      assertTrue(found >= 0, "subset image " + i + " not found in the full split");
      out.add(found);
    }
    return out;
  }
}
