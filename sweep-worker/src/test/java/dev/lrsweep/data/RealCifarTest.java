package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real archive, read once for the whole class through the per-JVM cache. */
class RealCifarTest {
  private static final Logger log = LoggerFactory.getLogger(RealCifarTest.class);

  private static String location;
  private static List<ImageDataset> loaded;

  /** Four threads ask for it at once, as concurrent Spark tasks in one executor would. */
  @BeforeAll
  static void load() throws Exception {
    location = CifarTestData.realArchive().toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    try {
      List<Future<ImageDataset>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> DatasetCache.get(Cifar10.INSTANCE, location)));
      }
      loaded = new ArrayList<>();
      for (Future<ImageDataset> f : futures) {
        loaded.add(f.get(5, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    log.info(
        "real CIFAR-10 archive {} available to 4 concurrent callers after {} s",
        location,
        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
  }

  @Test
  void oneLoadServesEveryCaller() {
    for (ImageDataset d : loaded) {
      assertSame(loaded.get(0), d);
    }
    assertEquals(1, DatasetCache.loads(Cifar10.INSTANCE, location));
    assertSame(loaded.get(0), DatasetCache.get(Cifar10.INSTANCE, location));
  }

  @Test
  void officialSizesAndBalancedClasses() {
    ImageDataset d = loaded.get(0);
    assertEquals(50_000, d.train().size());
    assertEquals(10_000, d.test().size());
    // CIFAR-10: 6,000 images per class, 5,000 of them in train and 1,000 in test
    assertArrayEquals(
        new int[] {5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000},
        d.train().classCounts());
    assertArrayEquals(
        new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
        d.test().classCounts());
  }

  @Test
  void classNamesComeFromTheMetaFile() {
    assertEquals(
        List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
            "truck"),
        loaded.get(0).classNames());
  }

  @Test
  void imagesLookLikePhotographsNotZeros() {
    // a real photo has a spread of values and differs from image to image: guards against a
    // reader that fills labels but leaves pixels at zero or copies one image everywhere
    ImageSplit train = loaded.get(0).train();
    float[] a = new float[CifarReader.IMAGE_BYTES];
    float[] b = new float[CifarReader.IMAGE_BYTES];
    train.copyImage(0, a, 0);
    train.copyImage(49_999, b, 0);
    double mean = 0;
    float min = 1;
    float max = 0;
    for (float v : a) {
      mean += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    mean /= a.length;
    assertTrue(mean > 0.02 && mean < 0.98, "mean " + mean);
    assertTrue(max - min > 0.2, "range " + min + ".." + max);
    assertTrue(!java.util.Arrays.equals(a, b), "first and last training images are identical");
  }

  @Test
  void balancedSubsetOfTheRealTrainingSet() {
    ImageSplit subset = loaded.get(0).train().balancedSubset(5_000, 1);
    assertArrayEquals(
        new int[] {500, 500, 500, 500, 500, 500, 500, 500, 500, 500}, subset.classCounts());
  }

  /** Conversion speed of the training loop's batch assembly; logged, not asserted (shared CPU). */
  @Test
  void measureBatchConversionSpeed() {
    ImageSplit train = loaded.get(0).train();
    int images = 0;
    // warm-up epoch so the JIT has compiled the copy loop, then a timed one
    for (Iterator<Batch> it = Batches.shuffled(train, 64, 1, 0); it.hasNext(); ) {
      images += it.next().size();
    }
    long start = System.nanoTime();
    float checksum = 0;
    int timed = 0;
    for (Iterator<Batch> it = Batches.shuffled(train, 64, 1, 1); it.hasNext(); ) {
      Batch b = it.next();
      timed += b.size();
      checksum += b.features()[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.info(
        "shuffled float conversion: {} images in {} s = {} images/s ({} batches of 64/s)",
        timed,
        String.format(Locale.ROOT, "%.3f", seconds),
        String.format(Locale.ROOT, "%,.0f", timed / seconds),
        String.format(Locale.ROOT, "%,.0f", timed / 64 / seconds));
    assertEquals(50_000, images);
    assertEquals(50_000, timed);
    assertTrue(checksum >= 0);
  }
}
