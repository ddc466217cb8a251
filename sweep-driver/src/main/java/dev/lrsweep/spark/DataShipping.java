package dev.lrsweep.spark;

/** How the dataset reaches the executors; either way each executor JVM reads it once (DatasetCache). */
public enum DataShipping {
  /**
   * The location is a path every node can read (a local path on a shared file system, or an {@code
   * hdfs:}/{@code s3a:} URI) and is passed to the trainer unchanged.
   */
  SHARED_PATH,
  /**
   * The location is a local file on the driver; the driver registers it with {@code
   * SparkContext.addFile}, each executor fetches it once, and tasks read it from {@code
   * SparkFiles.get(name)}. Spark 3.5 also unpacks a fetched {@code .tar.gz} next to it (a
   * deprecated side effect with no switch, logged as "Untarring behavior will be deprecated"), so
   * each executor spends a few seconds and ~180 MB of disk on an extraction nobody reads.
   */
  ADD_FILE
}
