package dev.lrsweep.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many CPU threads a trial's native ops use.
 *
 * <p>What was measured on libnd4j 1.0.0-M2.1 (oneDNN build), counting the threads that burn CPU
 * while conv2d/conv2d_bp/gemm run: the OpenMP thread count, which oneDNN's convolutions and
 * pooling follow, is <b>per calling thread</b> ({@code omp_set_num_threads} semantics: a thread
 * that sets 1 runs its ops on 1 thread while another thread of the same JVM still uses the
 * default, the number of cores). {@code Nd4j.getEnvironment().setMaxThreads} had no effect.
 * OpenBLAS's thread count (used by the dense layers' gemm) is <b>per process</b>.
 *
 * <p>So each trial sets the OpenMP count on its own thread, which is right for concurrent
 * Spark tasks in one executor, and sets OpenBLAS's count, which concurrent trials share: they
 * agree as long as every task of a JVM asks for the same number (Spark's {@code
 * spark.task.cpus} is one value per application).
 */
final class NativeThreads {
  private NativeThreads() {}

  /** Makes ops called from the current thread use {@code threads} threads. */
  static void useOnCurrentThread(int threads) {
    // NativeOpsHolder's static initialiser needs the backend loaded first.
    Nd4j.getExecutioner();
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }
}
