package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDX reader on the real files (the project's 10,000 digits, Debian's Fashion-MNIST) and on
 * corrupted copies of the real files made here. Expected bytes come from parsing the files in the
 * test with the JDK's own gzip stream and the format's documented header (magic, sizes, data),
 * not from the reader.
 */
class IdxDatasetTest {
  private static final String[] NAMES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  @TempDir Path tmp;

  /** The real files, decompressed with the JDK: name -> bytes. */
  private static byte[][] plain;

  @BeforeAll
  static void decompressTheRealFiles() throws IOException {
    plain = new byte[NAMES.length][];
    for (int i = 0; i < NAMES.length; i++) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(MnistTestData.digits().resolve(NAMES[i] + ".gz")))) {
        plain[i] = in.readAllBytes();
      }
    }
  }

  /** A directory of plain copies of the real files, with {@code file} replaced by {@code bytes}. */
  private Path copyWith(int file, byte[] bytes) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "idx");
    for (int i = 0; i < NAMES.length; i++) {
      Files.write(dir.resolve(NAMES[i]), i == file ? bytes : plain[i]);
    }
    return dir;
  }

  private static int header(byte[] file, int field) {
    return ByteBuffer.wrap(file, 4 * field, 4).getInt();
  }

  private static DataFormatException fails(Path dir) {
    return assertThrows(DataFormatException.class, () -> IdxDataset.MNIST.read(dir.toString()));
  }

  private static void assertContains(Exception e, String part) {
    assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
  }

  @Test
  void readsTheProjectDigitsAsTheFormatDescribesThem() {
    ImageDataset d = IdxDataset.MNIST.read(MnistTestData.digits().toString());
    assertEquals(new ImageShape(1, 28, 28), d.shape());
    assertEquals(10, d.classes());
    assertEquals(header(plain[0], 1), d.train().size());
    assertEquals(8_000, d.train().size(), "shared/README.md: 8,000 training digits");
    assertEquals(2_000, d.test().size());
    // image k of the training file starts at byte 16 + 784 k, its label at byte 8 + k
    for (int k : new int[] {0, 1, 4_321, 7_999}) {
      assertArrayEquals(Arrays.copyOfRange(plain[0], 16 + 784 * k, 16 + 784 * (k + 1)), d.train().imageBytes(k));
      assertEquals(plain[1][8 + k], d.train().label(k));
    }
    assertArrayEquals(Arrays.copyOfRange(plain[2], 16 + 784 * 1999, 16 + 784 * 2000), d.test().imageBytes(1999));
    int[] train = d.train().classCounts();
    int[] test = d.test().classCounts();
    for (int c = 0; c < 10; c++) {
      int total = train[c] + test[c];
      assertTrue(Math.abs(5 * test[c] - total) <= 5, "class " + c + ": 20% of " + total + " in test, found " + test[c]);
    }
    assertEquals(java.util.List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
  }

  @Test
  void readsAllOfFashionMnist() {
    ImageDataset d = IdxDataset.MNIST.read(MnistTestData.fashion().toString());
    assertEquals(60_000, d.train().size());
    assertEquals(10_000, d.test().size());
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class
    int[] expectedTrain = new int[10];
    int[] expectedTest = new int[10];
    Arrays.fill(expectedTrain, 6_000);
    Arrays.fill(expectedTest, 1_000);
    assertArrayEquals(expectedTrain, d.train().classCounts());
    assertArrayEquals(expectedTest, d.test().classCounts());
  }

  @Test
  void plainFilesReadTheSameAsGzipAndTheCacheKeepsFormatsApart() throws IOException {
    Path dir = copyWith(-1, null);
    ImageDataset fromPlain = IdxDataset.MNIST.read(dir.toString());
    ImageDataset fromGz = DatasetCache.get(IdxDataset.MNIST, MnistTestData.digits().toString());
    assertEquals(fromGz.train().size(), fromPlain.train().size());
    for (int k = 0; k < fromGz.train().size(); k += 997) {
      assertArrayEquals(fromGz.train().imageBytes(k), fromPlain.train().imageBytes(k));
      assertEquals(fromGz.train().label(k), fromPlain.train().label(k));
    }
    assertEquals(1, DatasetCache.loads(IdxDataset.MNIST, MnistTestData.digits().toString()));
  }

  @Test
  void badMagicNumberIsNamed() throws IOException {
    byte[] labels = plain[1].clone();
    labels[3] = 0x02;
    Path dir = copyWith(1, labels);
    assertContains(fails(dir), dir.resolve(NAMES[1]) + ": bad magic number 0x00000802, expected 0x00000801");
  }

  @Test
  void gzipDataUnderAPlainNameGetsAHint() throws IOException {
    Path dir = copyWith(-1, null);
    Files.copy(MnistTestData.digits().resolve(NAMES[2] + ".gz"), dir.resolve(NAMES[2]),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertContains(fails(dir), "(the file is gzip-compressed: name it " + dir.resolve(NAMES[2]) + ".gz)");
  }

  @Test
  void wrongImageDimensionsAreNamed() throws IOException {
    byte[] images = plain[0].clone();
    ByteBuffer.wrap(images).putInt(8, 27);
    Path dir = copyWith(0, images);
    assertContains(fails(dir), NAMES[0] + ": images are 27x28, expected 28x28");
  }

  @Test
  void labelOutOfRangeNamesFileAndRecord() throws IOException {
    byte[] labels = plain[3].clone();
    labels[8 + 1234] = 12;
    Path dir = copyWith(3, labels);
    assertContains(fails(dir), dir.resolve(NAMES[3]) + ": record 1,234 has label 12, expected 0..9");
  }

  @Test
  void imageAndLabelCountsThatDifferAreNamed() throws IOException {
    byte[] labels = Arrays.copyOf(plain[1], plain[1].length - 1);
    ByteBuffer.wrap(labels).putInt(4, 7_999);
    Path dir = copyWith(1, labels);
    DataFormatException e = fails(dir);
    assertContains(e, dir.resolve(NAMES[0]) + " holds 8,000 images but " + dir.resolve(NAMES[1]) + " holds 7,999 labels");
  }

  @Test
  void truncatedPlainAndGzipFilesAreReportedAsTruncation() throws IOException {
    // keep 100 whole images and 10 bytes of the next
    Path dir = copyWith(0, Arrays.copyOf(plain[0], 16 + 784 * 100 + 10));
    DataFormatException plainCut = fails(dir);
    assertContains(plainCut, NAMES[0] + ": data ends inside record 100 (10 of its 784 bytes present)");
    assertContains(plainCut, "declares 8,000 records: truncated");

    Path gzDir = copyWith(-1, null);
    Files.delete(gzDir.resolve(NAMES[2]));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain[2]);
    }
    byte[] half = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
    Files.write(gzDir.resolve(NAMES[2] + ".gz"), half);
    DataFormatException gzCut = fails(gzDir);
    assertTrue(gzCut.getMessage().matches("(?s).*" + NAMES[2] + "\\.gz: .*record [0-9,]+.*truncated.*"), gzCut.getMessage());
  }

  @Test
  void trailingBytesAndMissingFilesAreNamed() throws IOException {
    byte[] longer = Arrays.copyOf(plain[3], plain[3].length + 3);
    assertContains(fails(copyWith(3, longer)), NAMES[3] + ": 3 bytes follow the 2,000 records the header declares");

    Path dir = copyWith(-1, null);
    Files.delete(dir.resolve(NAMES[3]));
    assertContains(fails(dir), "lacks " + NAMES[3] + ": looked for " + dir.resolve(NAMES[3]) + " and "
        + dir.resolve(NAMES[3]) + ".gz");
    assertContains(fails(dir.resolve("nowhere")), "is not a directory");
  }

  @Test
  void registryNamesTheValidDatasets() {
    assertEquals(java.util.List.of("cifar10", "mnist"), DatasetRegistry.names());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetRegistry.get("svhn"));
    assertEquals("unknown dataset 'svhn': must be one of cifar10, mnist", e.getMessage());
    assertEquals("MNIST_PATH", DatasetRegistry.get("mnist").environmentVariable());
  }
}
