package dev.lrsweep.data;

/**
 * The one per-JVM, thread-safe, read-only dataset cache: each (dataset, location) is read and
 * validated once, and every trial in the JVM (e.g. concurrent Spark tasks in one executor) shares
 * it.
 *
 * <p>This is the project's single allowed mutable static (see STYLE.md): an executor JVM runs
 * many trials, and reading and validating the 180 MB of CIFAR-10 once per JVM instead of once
 * per trial is what makes small trials cheap. It is safe because what it holds never changes
 * once loaded ({@link ImageSplit} is immutable) and because loading is once-only per key:
 * concurrent callers for the same key wait for a single load, different keys load independently.
 * Locations are normalized first (absolute, normalized path or URI), so {@code data/x} and {@code
 * ./data/x} share an entry. A failed load is not remembered; the next call tries again. Entries
 * live as long as the JVM.
 */
public final class DatasetCache {
  /** Separates the dataset name from the location in a cache key; no name or path contains it. */
  private static final char SEPARATOR = '\0';

  /** The cache itself; package-private so tests can count loads. */
  static final LoadOnceCache<ImageDataset> CACHE = new LoadOnceCache<>(DatasetCache::load);

  private DatasetCache() {}

  /**
   * The full dataset of format {@code dataset} at {@code location} (local path or Hadoop
   * FileSystem URI), read on first use and cached for the life of the JVM.
   *
   * @throws DataFormatException when files are missing, truncated or corrupt (names the file,
   *     the record and what was wrong)
   */
  public static ImageDataset get(Dataset dataset, String location) {
    return CACHE.get(key(dataset, location));
  }

  /** How many times {@code location} was read as {@code dataset} in this JVM (for tests). */
  static int loads(Dataset dataset, String location) {
    return CACHE.loads(key(dataset, location));
  }

  private static String key(Dataset dataset, String location) {
    return dataset.name() + SEPARATOR + Storage.normalize(location);
  }

  private static ImageDataset load(String key) {
    int at = key.indexOf(SEPARATOR);
    return DatasetRegistry.get(key.substring(0, at)).read(key.substring(at + 1));
  }
}
