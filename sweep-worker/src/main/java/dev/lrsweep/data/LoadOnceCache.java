package dev.lrsweep.data;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Values loaded at most once per key, thread-safely: the first caller for a key runs the
 * loader, concurrent callers for the same key wait for that one load, other keys load
 * independently (in parallel). A failed load is not cached, so a later call tries again (after
 * the files are fixed, say); the callers that waited on it all get its error.
 *
 * <p>The mechanism behind {@link DatasetCache}, separate so tests can count loads with their own
 * loader.
 */
final class LoadOnceCache<V> {
  private final ConcurrentHashMap<String, FutureTask<V>> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final Function<String, V> loader;

  LoadOnceCache(Function<String, V> loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  V get(String key) {
    FutureTask<V> task =
        entries.computeIfAbsent(
            key,
            k ->
                new FutureTask<>(
                    () -> {
                      loads.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                      return loader.apply(k);
                    }));
    // Only the first caller's run() loads; for everyone else it returns at once (the task is
    // already running or done) and get() waits for the result. Loading outside the map's
    // compute keeps the ConcurrentHashMap bin unlocked, so other keys are never blocked.
    task.run();
    try {
      return task.get();
    } catch (ExecutionException e) {
      entries.remove(key, task);
      Throwable cause = e.getCause();
      if (cause instanceof CifarFormatException) {
        // A fresh exception per caller (same message) with the loading thread's as its cause.
        throw new CifarFormatException(cause.getMessage(), cause);
      }
      if (cause instanceof DataFormatException) {
        throw new DataFormatException(cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("loading " + key + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + key + " to load", e);
    }
  }

  /** How many times the loader ran for {@code key} (successful or not). */
  int loads(String key) {
    AtomicInteger n = loads.get(key);
    return n == null ? 0 : n.get();
  }
}
