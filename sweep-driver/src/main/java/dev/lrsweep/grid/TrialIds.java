package dev.lrsweep.grid;

import dev.lrsweep.config.Seeding;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Trial ids, grid-point keys, labels and seeds. All are pure functions of a schedule's family and
 * its full sorted parameters (defaults included) and the repeat index, never of grid order, so reordering the grid or
 * adding entries leaves existing ids and seeds as they were and a resumed sweep finds its trials.
 */
public final class TrialIds {
  /** Readable ids longer than this get shortened and a hash appended, well under TrialSpec's 200. */
  static final int MAX_READABLE = 150;

  private TrialIds() {}

  /**
   * The grid-point key: {@code family-name1value1-name2value2...}, e.g. {@code
   * step-drop_every5-factor0.5-lr00.01-offset1-unitepoch}. Characters outside {@code
   * [A-Za-z0-9._-]} become {@code _}; when that loses information or the key is too long, a
   * readable prefix is kept and 10 hex digits of the SHA-256 of the exact parameters are appended.
   */
  public static String gridPoint(String family, SortedMap<String, Object> params) {
    StringBuilder readable = new StringBuilder(family);
    params.forEach((k, v) -> readable.append('-').append(k).append(plain(v)));
    String raw = readable.toString();
    String safe = raw.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.equals(raw) && safe.length() <= MAX_READABLE) {
      return safe;
    }
    String prefix = safe.substring(0, Math.min(safe.length(), MAX_READABLE - 12));
    return prefix + "-" + sha256Hex(family + params).substring(0, 10);
  }

  /** The trial id: the grid-point key plus {@code -r<repeat>}. */
  public static String trialId(String gridPoint, int repeat) {
    return gridPoint + "-r" + repeat;
  }

  /**
   * The trial's seed: the first 8 bytes of SHA-256({@code "<sweepSeed>/<trialId>"}) as a
   * non-negative long. A cryptographic hash rather than {@code String.hashCode} so that similar
   * ids do not get correlated seeds and the value is the same on every JVM.
   */
  public static long seed(long sweepSeed, String trialId) {
    return firstLong(sha256(sweepSeed + "/" + trialId));
  }

  /**
   * The seed of repeat {@code repeat} under {@code seeding = paired}: the first 8 bytes of
   * SHA-256({@code "<sweepSeed>/repeat-<repeat>"}) as a non-negative long, shared by every grid
   * point's repeat {@code repeat}. ({@code repeat-<n>} is never a trial id: ids end in {@code
   * -r<n>} after a family name.)
   */
  public static long pairedSeed(long sweepSeed, int repeat) {
    return firstLong(sha256(sweepSeed + "/repeat-" + repeat));
  }

  /** The seed of a trial under {@code seeding}: {@link #pairedSeed} or {@link #seed}. */
  public static long seed(Seeding seeding, long sweepSeed, String trialId, int repeat) {
    return seeding == Seeding.PAIRED ? pairedSeed(sweepSeed, repeat) : seed(sweepSeed, trialId);
  }

  private static long firstLong(byte[] h) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return v & Long.MAX_VALUE;
  }

  /** A value as it appears in ids: numbers without exponent or trailing zeros, lists joined by _. */
  static String plain(Object v) {
    if (v instanceof List<?> list) {
      return list.stream().map(TrialIds::plain).collect(Collectors.joining("_"));
    }
    return display(v);
  }

  /** A value as it appears in labels and tables. */
  static String display(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof List<?> list) {
      return list.stream().map(TrialIds::display).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(v);
  }

  private static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
