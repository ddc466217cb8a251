/**
 * Image datasets: the {@link dev.lrsweep.data.Dataset} seam and its registry ({@link
 * dev.lrsweep.data.DatasetRegistry}: CIFAR-10's binary layout, MNIST's IDX format), reading and
 * validating them (archive or directory, local or Hadoop FileSystem; tar and gzip through Commons
 * Compress), the per-JVM byte cache, balanced subsets and seeded mini-batches.
 *
 * <p>Entry points: {@link dev.lrsweep.data.DatasetCache#get} for a dataset (read once per JVM;
 * the project's only mutable static), {@link dev.lrsweep.data.ImageSplit#balancedSubset} for
 * smaller runs, and {@link dev.lrsweep.data.Batches} for the float mini-batches the training
 * loop consumes. Images stay bytes (about 180 MB for all of CIFAR-10) until a batch is assembled.
 *
 * <p>Hadoop is needed only for URI locations ({@code hdfs:}, {@code s3a:}, ...); {@code
 * HadoopStorage} is the one class that uses it, so local paths work without it.
 */
package dev.lrsweep.data;
