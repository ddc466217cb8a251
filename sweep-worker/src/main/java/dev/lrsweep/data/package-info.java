/**
 * CIFAR-10 in the official binary layout: reading and validating it (archive or directory, local
 * or Hadoop FileSystem), the per-JVM byte cache, balanced subsets and seeded mini-batches.
 */
package dev.lrsweep.data;
