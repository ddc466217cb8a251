package dev.lrsweep.data;

/** Seed mixing, so that nearby seeds (1, 2, 3; epoch 0, 1, 2) give unrelated generators. */
final class Mix {
  private Mix() {}

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplittableRandom.mix64. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The generator seed for one epoch of one trial's shuffling. */
  static long epochSeed(long seed, int epoch) {
    return seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L));
  }
}
