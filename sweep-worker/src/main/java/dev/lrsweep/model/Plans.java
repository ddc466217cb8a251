package dev.lrsweep.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A network's per-batch-size plans (ops and views built once for a batch size, reused every
 * step) and whether the network has been closed, which frees its native memory. Shared by
 * {@link MiniVgg} and {@link MnistCnn}.
 *
 * @param <P> the network's plan type
 */
final class Plans<P> {
  private final String network;
  private final int maxBatch;
  private final IntFunction<P> build;
  private final Map<Integer, P> plans = new HashMap<>();
  private boolean closed;

  Plans(String network, int maxBatch, IntFunction<P> build) {
    this.network = network;
    this.maxBatch = maxBatch;
    this.build = build;
  }

  /** The plan for batches of {@code n}, built on first use. */
  P get(int n) {
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException("batch size must be in [1, " + maxBatch + "] for this network, found " + n);
    }
    return plans.computeIfAbsent(n, build::apply);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this " + network + " has been closed");
    }
  }

  /**
   * Closes the network once (later calls do nothing): closes and drops the plans (those that are
   * {@link AutoCloseable} hold oneDNN primitives) and frees its native buffers, then its
   * parameter and gradient arrays.
   */
  void close(ParamArrays arrays, Buf... buffers) {
    if (closed) {
      return;
    }
    closed = true;
    for (P plan : plans.values()) {
      if (plan instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing a " + network + " plan failed", e);
        }
      }
    }
    plans.clear();
    for (Buf b : buffers) {
      b.full.close();
    }
    arrays.params.close();
    arrays.grads.close();
  }
}
