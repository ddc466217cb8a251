package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CifarCacheTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void concurrentCallersForOneKeyShareASingleLoad() throws Exception {
    int threads = 6;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loaderRuns = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    LoadOnceCache<Object> cache =
        new LoadOnceCache<>(
            key -> {
              loaderRuns.incrementAndGet();
              await(release);
              return new Object();
            });
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r);
              synchronized (callers) {
                callers.add(t);
              }
              return t;
            });
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> cache.get("/data/cifar")));
      }
      // Hold the one load until all six threads wait: the loader on `release`, the other five
      // inside get() for its result. Then all six were in get() at once, and the counts below
      // show that one load served them.
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (waitingCallers(callers) < threads) {
        assertTrue(System.nanoTime() < end, "callers did not all reach the cache in time");
        Thread.onSpinWait();
      }
      release.countDown();
      Object first = results.get(0).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      for (Future<Object> f : results) {
        assertSame(first, f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      }
      assertEquals(1, loaderRuns.get());
      assertEquals(1, cache.loads("/data/cifar"));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void differentKeysLoadIndependently() throws Exception {
    CountDownLatch bothLoading = new CountDownLatch(2);
    LoadOnceCache<String> cache =
        new LoadOnceCache<>(
            key -> {
              // each load waits for the other to start: only possible if they run in parallel
              bothLoading.countDown();
              await(bothLoading);
              return "loaded " + key;
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> a = pool.submit(() -> cache.get("a"));
      Future<String> b = pool.submit(() -> cache.get("b"));
      assertEquals("loaded a", a.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      assertEquals("loaded b", b.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      assertEquals(1, cache.loads("a"));
      assertEquals(1, cache.loads("b"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedLoadIsNotRememberedAndItsErrorReachesTheCaller() {
    AtomicInteger runs = new AtomicInteger();
    LoadOnceCache<String> cache =
        new LoadOnceCache<>(
            key -> {
              if (runs.incrementAndGet() == 1) {
                throw new CifarFormatException(key + ": record 3 has label 12, expected 0..9");
              }
              return "ok";
            });
    CifarFormatException e = assertThrows(CifarFormatException.class, () -> cache.get("k"));
    assertEquals("k: record 3 has label 12, expected 0..9", e.getMessage());
    assertEquals("ok", cache.get("k"));
    assertEquals("ok", cache.get("k"));
    assertEquals(2, cache.loads("k"));
  }

  @Test
  void locationsAreNormalizedBeforeCaching() {
    String plain = Storage.normalize("/data/x/../cifar");
    assertEquals(Path.of("/data/cifar").toString(), plain);
    assertEquals(
        Path.of("").toAbsolutePath().resolve("cifar").toString(), Storage.normalize("./cifar"));
    assertEquals("hdfs://nn:8020/data/cifar", Storage.normalize("hdfs://nn:8020/data/x/../cifar"));
  }

  @Test
  void blankLocationIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetCache.get(Cifar10.INSTANCE, " "));
    assertEquals("CIFAR-10 location must be a path or URI, found \"\"", e.getMessage());
  }

  private static int waitingCallers(List<Thread> callers) {
    int n = 0;
    synchronized (callers) {
      for (Thread t : callers) {
        Thread.State s = t.getState();
        if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
          n++;
        }
      }
    }
    return n;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within " + DEADLINE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
