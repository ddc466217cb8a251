package dev.lrsweep.data;

/**
 * The one per-JVM, thread-safe, read-only dataset cache: each location is read and validated
 * once, and every trial in the JVM (e.g. concurrent Spark tasks in one executor) shares it.
 *
 * <p>This is the project's single allowed mutable static (see STYLE.md): an executor JVM runs
 * many trials, and reading and validating the 180 MB of CIFAR-10 once per JVM instead of once
 * per trial is what makes small trials cheap. It is safe because what it holds never changes
 * once loaded ({@link CifarSplit} is immutable) and because loading is once-only per location:
 * concurrent callers for the same location wait for a single load, different locations load
 * independently. Locations are normalized first (absolute, normalized path or URI), so {@code
 * data/x} and {@code ./data/x} share an entry. A failed load is not remembered; the next call
 * tries again. Entries live as long as the JVM.
 */
public final class CifarCache {
  /** The cache itself; package-private so tests can count loads. */
  static final LoadOnceCache<CifarDataset> CACHE =
      new LoadOnceCache<>(CifarReader.OFFICIAL::read);

  private CifarCache() {}

  /**
   * The full dataset at {@code location} (archive or extracted directory; local path or Hadoop
   * FileSystem URI), read on first use and cached for the life of the JVM.
   *
   * @throws CifarFormatException when files are missing, truncated or corrupt (names the file,
   *     the record and what was wrong)
   */
  public static CifarDataset get(String location) {
    return CACHE.get(Storage.normalize(location));
  }

  /** How many times {@code location} was read in this JVM (1 once loaded; for tests). */
  static int loads(String location) {
    return CACHE.loads(Storage.normalize(location));
  }
}
