/**
 * CIFAR-10 in the official binary layout: reading and validating it (archive or directory, local
 * or Hadoop FileSystem), the per-JVM byte cache, balanced subsets and seeded mini-batches.
 *
 * <p>Entry points: {@link dev.lrsweep.data.CifarCache#get} for the dataset (read once per JVM;
 * the project's only mutable static), {@link dev.lrsweep.data.CifarSplit#balancedSubset} for
 * smaller runs, and {@link dev.lrsweep.data.Batches} for the float mini-batches the training
 * loop consumes. Images stay bytes (about 180 MB for all 60,000) until a batch is assembled.
 *
 * <p>Hadoop is needed only for URI locations ({@code hdfs:}, {@code s3a:}, ...); {@code
 * HadoopStorage} is the one class that uses it, so local paths work without it.
 */
package dev.lrsweep.data;
