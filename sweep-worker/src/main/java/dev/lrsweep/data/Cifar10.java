package dev.lrsweep.data;

/**
 * CIFAR-10 in the official binary layout ({@code cifar-10-binary.tar.gz} or an extracted {@code
 * cifar-10-batches-bin/}): 50,000 training and 10,000 test images of 3x32x32, 10 classes named in
 * {@code batches.meta.txt}. Read by {@link CifarReader}.
 */
public final class Cifar10 implements Dataset {
  /** The one instance the registry holds. */
  public static final Cifar10 INSTANCE = new Cifar10();

  private Cifar10() {}

  @Override
  public String name() {
    return "cifar10";
  }

  @Override
  public String description() {
    return "CIFAR-10 binary version (official archive: https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz,"
        + " or an extracted cifar-10-batches-bin/ directory)";
  }

  @Override
  public String environmentVariable() {
    return "CIFAR10_PATH";
  }

  @Override
  public String projectDefault() {
    return "../shared/datasets/cifar-10-binary.tar.gz";
  }

  @Override
  public ImageShape shape() {
    return CifarReader.SHAPE;
  }

  @Override
  public int classes() {
    return CifarReader.CLASSES;
  }

  @Override
  public int maxTrain() {
    return CifarReader.TRAIN.size() * CifarReader.OFFICIAL_RECORDS_PER_FILE;
  }

  @Override
  public int maxTest() {
    return CifarReader.OFFICIAL_RECORDS_PER_FILE;
  }

  @Override
  public ImageDataset read(String location) {
    return CifarReader.OFFICIAL.read(location);
  }

  @Override
  public String toString() {
    return name();
  }
}
