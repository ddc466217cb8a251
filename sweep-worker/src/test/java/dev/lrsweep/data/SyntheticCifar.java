package dev.lrsweep.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small CIFAR-10 look-alikes in the official binary format, written from first principles (not
 * with the reader's code): records of {@code <label><1024 R><1024 G><1024 B>}, a tar writer for
 * ustar archives, gzip from the JDK.
 */
final class SyntheticCifar {
  static final int RECORD = 3073;
  static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
          "truck");
  static final String[] TRAIN_FILES = {
    "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
    "data_batch_5.bin"
  };

  private SyntheticCifar() {}

  /** Label of training image {@code g} (0-based over all five batches): cycles 0..9. */
  static int trainLabel(int g) {
    return g % 10;
  }

  /** Label of test image {@code g}: a different cycle, 9..0. */
  static int testLabel(int g) {
    return 9 - g % 10;
  }

  /** Pixel byte (unsigned) of image {@code g}, channel {@code c}, position {@code p} (0..1023). */
  static int pixel(boolean train, int g, int c, int p) {
    return (g * 31 + c * 101 + p * 7 + (train ? 0 : 13)) & 0xFF;
  }

  /** The content of every file, in the order the official archive lists them. */
  static Map<String, byte[]> files(int recordsPerFile) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("batches.meta.txt", metaText().getBytes(StandardCharsets.US_ASCII));
    for (int b = 0; b < 5; b++) {
      files.put(TRAIN_FILES[b], batch(true, b * recordsPerFile, recordsPerFile));
    }
    files.put("test_batch.bin", batch(false, 0, recordsPerFile));
    return files;
  }

  /** One name a line, with the blank trailing line the official file has. */
  static String metaText() {
    return String.join("\n", CLASS_NAMES) + "\n\n";
  }

  static byte[] batch(boolean train, int first, int count) {
    byte[] out = new byte[count * RECORD];
    for (int r = 0; r < count; r++) {
      int g = first + r;
      out[r * RECORD] = (byte) (train ? trainLabel(g) : testLabel(g));
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          out[r * RECORD + 1 + c * 1024 + p] = (byte) pixel(train, g, c, p);
        }
      }
    }
    return out;
  }

  /** Writes the files into {@code dir}/cifar-10-batches-bin and returns that directory. */
  static Path writeDirectory(Path dir, Map<String, byte[]> files) throws IOException {
    Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(data.resolve(f.getKey()), f.getValue());
    }
    return data;
  }

  /** Writes a .tar.gz with every file under cifar-10-batches-bin/, in the map's order. */
  static Path writeArchive(Path archive, Map<String, byte[]> files) throws IOException {
    Files.write(archive, gzip(tar(files)));
    return archive;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** An uncompressed ustar archive: a directory entry, then each file, then two zero blocks. */
  static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header("cifar-10-batches-bin/", 0, '5'));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      out.write(header("cifar-10-batches-bin/" + f.getKey(), f.getValue().length, '0'));
      out.write(f.getValue());
      out.write(new byte[(512 - f.getValue().length % 512) % 512]);
    }
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  /** Byte offset of {@code name}'s content inside {@link #tar}'s output. */
  static long contentOffset(Map<String, byte[]> files, String name) {
    long offset = 512; // the directory entry
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      offset += 512;
      if (f.getKey().equals(name)) {
        return offset;
      }
      offset += (f.getValue().length + 511) / 512 * 512L;
    }
    throw new IllegalArgumentException(name + " is not among " + files.keySet());
  }

  /** A ustar header per POSIX.1-1988: octal fields, checksum with its own field as spaces. */
  static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 1_700_000_000L));
    h[156] = (byte) type;
    put(h, 257, "ustar"); // with the NUL at 262 from the zeroed array: POSIX
    put(h, 263, "00");
    return checksum(h);
  }

  /** Recomputes a header's checksum after a test has changed its fields. */
  static byte[] checksum(byte[] h) {
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  /** All pixels and labels of a split, for comparing two reads byte for byte. */
  static List<Object> contents(ImageSplit split) {
    List<Object> all = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      all.add(split.label(i));
      all.add(java.util.Arrays.toString(split.imageBytes(i)));
    }
    return all;
  }
}
