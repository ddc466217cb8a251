package dev.lrsweep.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates CIFAR-10 in the official binary layout, from the {@code
 * cifar-10-binary.tar.gz} archive (streamed through Commons Compress, never unpacked to disk) or from an extracted {@code
 * cifar-10-batches-bin} directory (given itself or its parent).
 *
 * <p>Every file is checked as it is read: its size is a whole number of 3073-byte records, it
 * holds the expected number of records, every label is 0..9. Errors name the file, the record
 * (counted from 0) and what was wrong. The public path ({@link #OFFICIAL}) insists on the real
 * sizes (5 x 10,000 training and 10,000 test records); tests make readers for small synthetic
 * files with {@link #CifarReader(int)}.
 */
final class CifarReader {
  private static final Logger log = LoggerFactory.getLogger(CifarReader.class);

  /** CIFAR-10's images: 3 channels of 32x32. */
  static final ImageShape SHAPE = new ImageShape(3, 32, 32);
  static final int IMAGE_BYTES = SHAPE.size();
  static final int CLASSES = 10;
  static final int RECORD_BYTES = 1 + IMAGE_BYTES;
  static final String DIRECTORY = "cifar-10-batches-bin";
  static final String ARCHIVE = "cifar-10-binary.tar.gz";
  static final String META = "batches.meta.txt";
  static final String TEST = "test_batch.bin";
  static final List<String> TRAIN =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  static final int OFFICIAL_RECORDS_PER_FILE = 10_000;

  /** The reader for the real dataset: 10,000 records in each of the six batch files. */
  static final CifarReader OFFICIAL = new CifarReader(OFFICIAL_RECORDS_PER_FILE);

  private static final int MAX_META_BYTES = 1 << 16;

  private final int recordsPerFile;

  /** A reader expecting {@code recordsPerFile} records in each batch file (tests use few). */
  CifarReader(int recordsPerFile) {
    if (recordsPerFile < 1) {
      throw new IllegalArgumentException(
          "records per file must be 1 or greater, found " + recordsPerFile);
    }
    this.recordsPerFile = recordsPerFile;
  }

  /** Reads the dataset at a (normalized) location: an archive, a data directory or its parent. */
  ImageDataset read(String location) {
    long start = System.nanoTime();
    Storage storage = Storage.forLocation(location);
    ImageDataset dataset;
    try {
      dataset = readFrom(storage, location);
    } catch (IOException e) {
      throw new CifarFormatException(
          "reading CIFAR-10 from " + location + " failed: " + e.getMessage(), e);
    }
    if (log.isInfoEnabled()) {
      log.info(
          String.format(
              Locale.ROOT,
              "read CIFAR-10 from %s: %,d training and %,d test images in %.2f s",
              location,
              dataset.train().size(),
              dataset.test().size(),
              (System.nanoTime() - start) / 1e9));
    }
    return dataset;
  }

  private ImageDataset readFrom(Storage storage, String location) throws IOException {
    switch (storage.kind(location)) {
      case FILE:
        return readArchive(storage, location);
      case DIRECTORY:
        String dataDir = findDataDirectory(storage, location);
        if (dataDir != null) {
          return readDirectory(storage, dataDir);
        }
        String archive = storage.child(location, ARCHIVE);
        if (storage.kind(archive) == Storage.Kind.FILE) {
          return readArchive(storage, archive);
        }
        throw new CifarFormatException(
            "no CIFAR-10 data in directory " + location + ": looked for "
                + storage.child(location, TRAIN.get(0)) + ", "
                + storage.child(storage.child(location, DIRECTORY), TRAIN.get(0)) + " and "
                + archive);
      default:
        throw new CifarFormatException(
            "CIFAR-10 not found: " + location + " does not exist (expected the " + ARCHIVE
                + " archive, a " + DIRECTORY + " directory, or the directory holding either)");
    }
  }

  /** The directory itself if it holds batch files, else its cifar-10-batches-bin child. */
  private static String findDataDirectory(Storage storage, String dir) throws IOException {
    for (String name : allFiles()) {
      if (storage.kind(storage.child(dir, name)) == Storage.Kind.FILE) {
        return dir;
      }
    }
    String child = storage.child(dir, DIRECTORY);
    return storage.kind(child) == Storage.Kind.DIRECTORY ? child : null;
  }

  private ImageDataset readDirectory(Storage storage, String dir) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String name : allFiles()) {
      if (storage.kind(storage.child(dir, name)) != Storage.Kind.FILE) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new CifarFormatException(
          "CIFAR-10 directory " + dir + " lacks " + String.join(", ", missing)
              + " (expected " + String.join(", ", allFiles()) + ")");
    }
    Splits splits = new Splits(recordsPerFile);
    for (String name : allFiles()) {
      String path = storage.child(dir, name);
      long length = storage.length(path);
      try (InputStream in = new BufferedInputStream(storage.open(path), 1 << 20)) {
        splits.accept(name, path, length, in);
      }
    }
    return splits.dataset();
  }

  private ImageDataset readArchive(Storage storage, String archive) throws IOException {
    Splits splits = new Splits(recordsPerFile);
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    try (InputStream raw = new BufferedInputStream(storage.open(archive), 1 << 16);
        InputStream gz = gunzip(archive, raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      for (TarArchiveEntry e = nextEntry(archive, tar, seen); e != null; e = nextEntry(archive, tar, seen)) {
        String name = e.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (!e.isFile() || !allFiles().contains(base)) {
          if (e.isFile()) {
            others.add(name);
          }
          continue;
        }
        String where = archive + "!" + name;
        String before = seen.putIfAbsent(base, name);
        if (before != null) {
          throw new CifarFormatException(
              archive + " holds " + base + " twice: as " + before + " and as " + name);
        }
        // The tar stream ends each entry at its declared size; data cut short inside an entry
        // fails the read, which readRecords reports with the record and the bytes it had.
        splits.accept(base, where, e.getSize(), tar);
      }
    }
    List<String> missing = new ArrayList<>(allFiles());
    missing.removeAll(seen.keySet());
    if (!missing.isEmpty()) {
      throw new CifarFormatException(
          archive + " lacks " + String.join(", ", missing) + " (expected " + DIRECTORY + "/"
              + " with " + String.join(", ", allFiles()) + "; other files found: "
              + (others.isEmpty() ? "none" : String.join(", ", others)) + ")");
    }
    return splits.dataset();
  }

  /** Commons Compress's gzip stream, or an error naming the file when it is not gzip. */
  private static InputStream gunzip(String archive, InputStream raw) throws IOException {
    try {
      return new GzipCompressorInputStream(raw, true);
    } catch (IOException e) {
      throw new CifarFormatException(
          archive + " is not a valid gzip-compressed tar archive (expected " + ARCHIVE + "): "
              + e.getMessage(),
          e);
    }
  }

  /** The next tar entry; a stream that ends or breaks inside a header is a truncated archive. */
  private static TarArchiveEntry nextEntry(String archive, TarArchiveInputStream tar, Map<String, String> seen) {
    try {
      return tar.getNextTarEntry();
    } catch (IOException e) {
      throw new CifarFormatException(
          archive + " is truncated or corrupt between files: " + e.getMessage() + " (files complete before it: "
              + String.join(", ", seen.keySet()) + ")",
          e);
    }
  }

  private static List<String> allFiles() {
    List<String> all = new ArrayList<>(TRAIN);
    all.add(TEST);
    all.add(META);
    return all;
  }

  /** The arrays being filled while the files arrive, in whatever order the source gives them. */
  private static final class Splits {
    private final int recordsPerFile;
    private final byte[] trainPixels;
    private final byte[] trainLabels;
    private final byte[] testPixels;
    private final byte[] testLabels;
    private List<String> classNames;

    Splits(int recordsPerFile) {
      this.recordsPerFile = recordsPerFile;
      int train = recordsPerFile * TRAIN.size();
      this.trainPixels = new byte[Math.multiplyExact(train, IMAGE_BYTES)];
      this.trainLabels = new byte[train];
      this.testPixels = new byte[Math.multiplyExact(recordsPerFile, IMAGE_BYTES)];
      this.testLabels = new byte[recordsPerFile];
    }

    /** Reads one file; {@code where} names it in errors, {@code length} is its declared size. */
    void accept(String name, String where, long length, InputStream in) throws IOException {
      if (name.equals(META)) {
        classNames = parseMeta(where, length, in);
        return;
      }
      checkSize(where, length);
      if (name.equals(TEST)) {
        readRecords(where, length, in, testPixels, testLabels, 0);
      } else {
        int batch = TRAIN.indexOf(name);
        readRecords(where, length, in, trainPixels, trainLabels, batch * recordsPerFile);
      }
    }

    ImageDataset dataset() {
      return new ImageDataset(
          new ImageSplit(SHAPE, CLASSES, trainPixels, trainLabels),
          new ImageSplit(SHAPE, CLASSES, testPixels, testLabels),
          classNames);
    }

    private void checkSize(String where, long length) {
      if (length % RECORD_BYTES != 0) {
        throw new CifarFormatException(
            String.format(
                Locale.ROOT,
                "%s: %,d bytes is not a multiple of %d (record %,d truncated)",
                where,
                length,
                RECORD_BYTES,
                length / RECORD_BYTES));
      }
      if (length / RECORD_BYTES != recordsPerFile) {
        throw new CifarFormatException(
            String.format(
                Locale.ROOT,
                "%s: holds %,d records (%,d bytes), expected %,d records of %d bytes",
                where,
                length / RECORD_BYTES,
                length,
                recordsPerFile,
                RECORD_BYTES));
      }
    }

    private void readRecords(
        String where, long length, InputStream in, byte[] pixels, byte[] labels, int first)
        throws IOException {
      byte[] record = new byte[RECORD_BYTES];
      for (int r = 0; r < recordsPerFile; r++) {
        int got = 0;
        try {
          while (got < RECORD_BYTES) {
            int n = in.read(record, got, RECORD_BYTES - got);
            if (n < 0) {
              break;
            }
            got += n;
          }
        } catch (IOException e) {
          // a compressed or archived stream that ends early fails the read instead of ending
          throw truncated(where, length, r, got, e);
        }
        if (got < RECORD_BYTES) {
          throw truncated(where, length, r, got, null);
        }
        int label = record[0] & 0xFF;
        if (label >= CLASSES) {
          throw new CifarFormatException(
              String.format(
                  Locale.ROOT,
                  "%s: record %,d has label %d, expected 0..%d",
                  where,
                  r,
                  label,
                  CLASSES - 1));
        }
        labels[first + r] = (byte) label;
        System.arraycopy(
            record, 1, pixels, (first + r) * IMAGE_BYTES, IMAGE_BYTES);
      }
    }

    /** {@code got}: bytes of the record present, or -1 when the stream failed inside it. */
    private static CifarFormatException truncated(
        String where, long length, int record, int got, Exception cause) {
      String message =
          String.format(
              Locale.ROOT,
              "%s: data ends inside record %,d (%s), although the file declares %,d bytes"
                  + " (%,d records): truncated",
              where,
              record,
              got >= 0
                  ? got + " of its " + RECORD_BYTES + " bytes present"
                  : cause.getMessage(),
              length,
              length / RECORD_BYTES);
      return new CifarFormatException(message, cause);
    }

    private static List<String> parseMeta(String where, long length, InputStream in)
        throws IOException {
      if (length > MAX_META_BYTES) {
        throw new CifarFormatException(
            String.format(
                Locale.ROOT,
                "%s: %,d bytes, expected a short list of class names (at most %,d bytes)",
                where,
                length,
                MAX_META_BYTES));
      }
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length < length) {
        throw new CifarFormatException(
            String.format(
                Locale.ROOT,
                "%s: ends after %,d of its %,d bytes (truncated)",
                where,
                bytes.length,
                length));
      }
      List<String> names = new ArrayList<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      if (names.size() != CLASSES) {
        throw new CifarFormatException(
            where + ": found " + names.size() + " class names " + names + ", expected "
                + CLASSES + " (one per line)");
      }
      return names;
    }
  }
}
