package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  private static final int N = 20; // records per synthetic batch file: 100 train, 20 test
  private static final CifarReader READER = new CifarReader(N);

  @TempDir Path tmp;

  @Test
  void directoryParentAndArchiveGiveIdenticalBytes() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    Path dir = SyntheticCifar.writeDirectory(tmp.resolve("extracted"), files);
    // archive in a different member order than the directory listing, as the real one is
    Map<String, byte[]> shuffledOrder = new LinkedHashMap<>();
    for (String name : List.of("data_batch_4.bin", "data_batch_5.bin", "data_batch_2.bin",
        "batches.meta.txt", "data_batch_1.bin", "data_batch_3.bin", "test_batch.bin")) {
      shuffledOrder.put(name, files.get(name));
    }
    Path archive = SyntheticCifar.writeArchive(tmp.resolve("c.tar.gz"), shuffledOrder);

    ImageDataset fromDir = READER.read(dir.toString());
    ImageDataset fromParent = READER.read(dir.getParent().toString());
    ImageDataset fromArchive = READER.read(archive.toString());

    for (ImageDataset d : List.of(fromDir, fromParent, fromArchive)) {
      assertEquals(5 * N, d.train().size());
      assertEquals(N, d.test().size());
      assertEquals(SyntheticCifar.CLASS_NAMES, d.classNames());
    }
    assertSameContents(fromDir.train(), fromArchive.train());
    assertSameContents(fromDir.test(), fromArchive.test());
    assertSameContents(fromDir.train(), fromParent.train());
  }

  @Test
  void recordsLandInBatchOrderWithTheirLabelsAndPixels() throws IOException {
    Path dir = SyntheticCifar.writeDirectory(tmp, SyntheticCifar.files(N));
    ImageDataset d = READER.read(dir.toString());
    // training image 47 is record 7 of data_batch_3 (47 = 2 * 20 + 7): label 47 % 10 = 7
    assertEquals(7, d.train().label(47));
    byte[] image = d.train().imageBytes(47);
    for (int c = 0; c < 3; c++) {
      for (int p : new int[] {0, 5, 1023}) {
        assertEquals(SyntheticCifar.pixel(true, 47, c, p), image[c * 1024 + p] & 0xFF,
            "train image 47 channel " + c + " position " + p);
      }
    }
    // test image 3 has label 9 - 3 = 6
    assertEquals(6, d.test().label(3));
    assertEquals(SyntheticCifar.pixel(false, 3, 2, 9), d.test().imageBytes(3)[2048 + 9] & 0xFF);
  }

  @Test
  void sizeNotAMultipleOfTheRecordIsNamedWithFileAndRecord() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    // 20 * 3073 = 61,460 bytes; cut 46: 61,414 bytes = 19 whole records + 3,027 bytes of #19
    files.put("test_batch.bin", Arrays.copyOf(files.get("test_batch.bin"), 61_414));
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(dir.toString()));
    assertContains(e, "test_batch.bin: 61,414 bytes is not a multiple of 3073 (record 19 truncated)");
  }

  @Test
  void wholeRecordsButTooFewAreRejected() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    files.put("data_batch_2.bin", Arrays.copyOf(files.get("data_batch_2.bin"), 18 * 3073));
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(dir.toString()));
    assertContains(e, "data_batch_2.bin: holds 18 records (55,314 bytes), expected 20 records");
  }

  @Test
  void badLabelIsNamedWithFileRecordAndValue() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    files.get("data_batch_3.bin")[7 * 3073] = 17;
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    Path archive = SyntheticCifar.writeArchive(tmp.resolve("c.tar.gz"), files);
    for (Path location : List.of(dir, archive)) {
      CifarFormatException e =
          assertThrows(CifarFormatException.class, () -> READER.read(location.toString()));
      assertContains(e, "data_batch_3.bin: record 7 has label 17, expected 0..9");
    }
  }

  @Test
  void labelAbove127IsReadUnsigned() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    files.get("test_batch.bin")[2 * 3073] = (byte) 200; // a signed read would see -56
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(dir.toString()));
    assertContains(e, "test_batch.bin: record 2 has label 200, expected 0..9");
  }

  @Test
  void missingFileInDirectoryAndArchiveIsNamed() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    files.remove("data_batch_4.bin");
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    Path archive = SyntheticCifar.writeArchive(tmp.resolve("c.tar.gz"), files);
    CifarFormatException fromDir =
        assertThrows(CifarFormatException.class, () -> READER.read(dir.toString()));
    assertContains(fromDir, dir + " lacks data_batch_4.bin");
    CifarFormatException fromArchive =
        assertThrows(CifarFormatException.class, () -> READER.read(archive.toString()));
    assertContains(fromArchive, archive + " lacks data_batch_4.bin");
  }

  @Test
  void missingLocationSaysWhereItLooked() {
    Path nowhere = tmp.resolve("no-such-place");
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(nowhere.toString()));
    assertContains(e, "CIFAR-10 not found: " + nowhere + " does not exist");
  }

  @Test
  void directoryWithoutDataSaysWhatItLookedFor() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(empty.toString()));
    assertContains(e, "no CIFAR-10 data in directory " + empty);
    assertContains(e, empty.resolve("cifar-10-batches-bin").resolve("data_batch_1.bin").toString());
    assertContains(e, empty.resolve("cifar-10-binary.tar.gz").toString());
  }

  @Test
  void tarCutInsideARecordNamesFileAndRecord() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    byte[] tar = SyntheticCifar.tar(files);
    // keep data_batch_2's records 0..4 and 100 bytes of record 5
    long cut = SyntheticCifar.contentOffset(files, "data_batch_2.bin") + 5 * 3073 + 100;
    Path archive = tmp.resolve("cut.tar.gz");
    Files.write(archive, SyntheticCifar.gzip(Arrays.copyOf(tar, (int) cut)));
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(archive.toString()));
    assertContains(e, "data_batch_2.bin: data ends inside record 5 (100 of its 3073 bytes present)");
    assertContains(e, "truncated");
  }

  @Test
  void gzipCutShortIsReportedAsTruncation() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    byte[] gz = SyntheticCifar.gzip(SyntheticCifar.tar(files));
    Path archive = tmp.resolve("short.tar.gz");
    Files.write(archive, Arrays.copyOf(gz, gz.length / 2));
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(archive.toString()));
    // where the compressed stream ends in the files depends on the compressor; the message must
    // still name a file inside the archive, a record and the problem
    assertTrue(
        e.getMessage().matches("(?s).*short\\.tar\\.gz!cifar-10-batches-bin/\\w+\\.bin: data ends"
            + " inside record [0-9,]+ .*truncated.*"),
        e.getMessage());
  }

  @Test
  void notAGzipFileIsNamed() throws IOException {
    Path bogus = Files.writeString(tmp.resolve("cifar.tar.gz"), "not gzip at all");
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(bogus.toString()));
    assertContains(e, bogus + " is not a valid gzip-compressed tar archive");
  }

  @Test
  void wrongNumberOfClassNamesIsRejected() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    files.put("batches.meta.txt", "airplane\nautomobile\n".getBytes());
    Path dir = SyntheticCifar.writeDirectory(tmp, files);
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> READER.read(dir.toString()));
    assertContains(e, "batches.meta.txt: found 2 class names [airplane, automobile], expected 10");
  }

  @Test
  void thePublicPathInsistsOnTheOfficialRecordCounts() throws IOException {
    Path dir = SyntheticCifar.writeDirectory(tmp, SyntheticCifar.files(N));
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> DatasetCache.get(Cifar10.INSTANCE, dir.toString()));
    // 20 records * 3073 bytes = 61,460 bytes; the real files have 10,000 records each
    assertContains(e, "holds 20 records (61,460 bytes), expected 10,000 records of 3073 bytes");
  }

  private static void assertSameContents(ImageSplit a, ImageSplit b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.label(i), b.label(i), "label of image " + i);
      assertArrayEquals(a.imageBytes(i), b.imageBytes(i), "bytes of image " + i);
    }
  }

  private static void assertContains(Exception e, String expected) {
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected the message to contain\n  " + expected + "\nbut it was\n  " + e.getMessage());
  }
}
