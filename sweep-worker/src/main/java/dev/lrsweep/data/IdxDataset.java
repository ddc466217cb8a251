package dev.lrsweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IDX format of MNIST, Fashion-MNIST and KMNIST: one directory holding {@code
 * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each plain or gzip-compressed ({@code .gz}; the plain file is
 * taken when both exist). Images are 1x28x28 grey levels 0-255, labels 0..9.
 *
 * <p>The format (LeCun's MNIST page): a big-endian header, magic number {@code 0x00000803} (2051:
 * unsigned bytes, 3 dimensions) for images and {@code 0x00000801} (2049, 1 dimension) for labels,
 * then one 32-bit size per dimension, then the data row-major. Every file is checked: the magic,
 * the dimensions (28x28), each label in range, image and label counts equal, the data complete
 * and nothing after it. Errors name the file, the record (counted from 0) and the problem.
 *
 * <p>IDX files carry no class names; they are the digits {@code 0..9} (for Fashion-MNIST the
 * label numbers stand for T-shirt/top, Trouser, ... in the dataset's documented order).
 */
public final class IdxDataset implements Dataset {
  /** MNIST-format data: the registry's {@code mnist}. */
  public static final IdxDataset MNIST = new IdxDataset();

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private static final Logger LOG = LoggerFactory.getLogger(IdxDataset.class);
  private static final ImageShape SHAPE = new ImageShape(1, 28, 28);
  private static final int CLASSES = 10;

  private IdxDataset() {}

  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public String description() {
    return "MNIST-format IDX files (MNIST, Fashion-MNIST, KMNIST): a directory with " + TRAIN_IMAGES
        + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS + ", each plain or .gz";
  }

  @Override
  public String environmentVariable() {
    return "MNIST_PATH";
  }

  @Override
  public String projectDefault() {
    return "../shared/datasets/mnist-digits-10k";
  }

  @Override
  public ImageShape shape() {
    return SHAPE;
  }

  @Override
  public int classes() {
    return CLASSES;
  }

  @Override
  public int maxTrain() {
    return 60_000;
  }

  @Override
  public int maxTest() {
    return 10_000;
  }

  @Override
  public ImageDataset read(String location) {
    long start = System.nanoTime();
    Storage storage = Storage.forLocation(location);
    ImageDataset dataset;
    try {
      if (storage.kind(location) != Storage.Kind.DIRECTORY) {
        throw new DataFormatException("MNIST-format data not found: " + location + " is not a directory"
            + " (expected a directory holding " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES
            + " and " + TEST_LABELS + ", each plain or .gz)");
      }
      ImageSplit train = split(storage, location, TRAIN_IMAGES, TRAIN_LABELS);
      ImageSplit test = split(storage, location, TEST_IMAGES, TEST_LABELS);
      List<String> names = new ArrayList<>();
      for (int c = 0; c < CLASSES; c++) {
        names.add(Integer.toString(c));
      }
      dataset = new ImageDataset(train, test, names);
    } catch (IOException e) {
      throw new DataFormatException("reading MNIST-format data from " + location + " failed: " + e.getMessage(), e);
    }
    LOG.info(String.format(Locale.ROOT, "read MNIST-format data from %s: %,d training and %,d test images in %.2f s",
        location, dataset.train().size(), dataset.test().size(), (System.nanoTime() - start) / 1e9));
    return dataset;
  }

  private ImageSplit split(Storage storage, String dir, String imagesName, String labelsName) throws IOException {
    String imagesPath = find(storage, dir, imagesName);
    String labelsPath = find(storage, dir, labelsName);
    int[] dims = new int[3];
    byte[] pixels = read(storage, imagesPath, IMAGES_MAGIC, dims);
    int[] labelDims = new int[1];
    byte[] labels = read(storage, labelsPath, LABELS_MAGIC, labelDims);
    if (dims[0] != labelDims[0]) {
      throw new DataFormatException(String.format(Locale.ROOT,
          "%s holds %,d images but %s holds %,d labels: the counts must be equal", imagesPath, dims[0],
          labelsPath, labelDims[0]));
    }
    for (int r = 0; r < labels.length; r++) {
      int label = labels[r] & 0xFF;
      if (label >= CLASSES) {
        throw new DataFormatException(String.format(Locale.ROOT,
            "%s: record %,d has label %d, expected 0..%d", labelsPath, r, label, CLASSES - 1));
      }
    }
    return new ImageSplit(SHAPE, CLASSES, pixels, labels);
  }

  /** The plain file if present, else the .gz one. */
  private static String find(Storage storage, String dir, String name) throws IOException {
    String plain = storage.child(dir, name);
    if (storage.kind(plain) == Storage.Kind.FILE) {
      return plain;
    }
    String gz = storage.child(dir, name + ".gz");
    if (storage.kind(gz) == Storage.Kind.FILE) {
      return gz;
    }
    throw new DataFormatException("MNIST-format directory " + dir + " lacks " + name + ": looked for " + plain
        + " and " + gz);
  }

  /**
   * Reads one IDX file: checks the magic number and dimensions, fills {@code dims} with the sizes
   * (for images: count, rows, columns) and returns the data.
   */
  private static byte[] read(Storage storage, String path, int magic, int[] dims) throws IOException {
    boolean gz = path.endsWith(".gz");
    try (InputStream raw = new BufferedInputStream(storage.open(path), 1 << 16);
        DataInputStream in = new DataInputStream(gz ? gunzip(path, raw) : raw)) {
      int found;
      try {
        found = in.readInt();
      } catch (EOFException e) {
        throw new DataFormatException(path + ": ends inside the 4-byte magic number (truncated or empty)", e);
      }
      if (found != magic) {
        String hint = !gz && (found >>> 16) == 0x1F8B ? " (the file is gzip-compressed: name it " + path + ".gz)" : "";
        throw new DataFormatException(String.format(Locale.ROOT,
            "%s: bad magic number 0x%08X, expected 0x%08X (%d: unsigned bytes, %d dimension%s)%s", path, found,
            magic, magic, dims.length, dims.length == 1 ? "" : "s", hint));
      }
      for (int d = 0; d < dims.length; d++) {
        try {
          dims[d] = in.readInt();
        } catch (EOFException e) {
          throw new DataFormatException(path + ": ends inside the header (size of dimension " + d + " missing): truncated", e);
        }
        if (dims[d] < 0) {
          throw new DataFormatException(path + ": dimension " + d + " has size " + Integer.toUnsignedString(dims[d])
              + ", more than this reader accepts");
        }
      }
      int recordBytes = 1;
      if (dims.length == 3) {
        if (dims[1] != SHAPE.height() || dims[2] != SHAPE.width()) {
          throw new DataFormatException(String.format(Locale.ROOT,
              "%s: images are %dx%d, expected %dx%d (MNIST format)", path, dims[1], dims[2], SHAPE.height(), SHAPE.width()));
        }
        recordBytes = SHAPE.size();
      }
      byte[] data = new byte[Math.multiplyExact(dims[0], recordBytes)];
      int got = 0;
      try {
        while (got < data.length) {
          int n = in.read(data, got, Math.min(1 << 16, data.length - got));
          if (n < 0) {
            break;
          }
          got += n;
        }
      } catch (IOException e) {
        throw new DataFormatException(String.format(Locale.ROOT,
            "%s: reading record %,d failed (%s): truncated or corrupt", path, got / recordBytes, e.getMessage()), e);
      }
      if (got < data.length) {
        throw new DataFormatException(String.format(Locale.ROOT,
            "%s: data ends inside record %,d (%d of its %d bytes present), although the header declares %,d"
                + " records: truncated", path, got / recordBytes, got % recordBytes, recordBytes, dims[0]));
      }
      long extra = 0;
      while (in.read() >= 0 && extra < 1 << 20) {
        extra++;
      }
      if (extra > 0) {
        throw new DataFormatException(String.format(Locale.ROOT,
            "%s: %s%,d bytes follow the %,d records the header declares", path, extra >= 1 << 20 ? "at least " : "",
            extra, dims[0]));
      }
      return data;
    }
  }

  private static InputStream gunzip(String path, InputStream raw) throws IOException {
    try {
      return new GzipCompressorInputStream(raw, true);
    } catch (IOException e) {
      throw new DataFormatException(path + ": not gzip-compressed although named .gz (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
