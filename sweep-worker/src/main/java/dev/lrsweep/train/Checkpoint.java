package dev.lrsweep.train;

import dev.lrsweep.trial.EpochRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a trial needs to go on training after its first {@link #epoch} epochs exactly as if
 * it had never stopped: model parameters, the optimizer's state, the BatchNorm running
 * statistics, the epoch and iteration counters, and the history so far.
 *
 * <p>No random-generator state is kept: shuffling ({@code Batches.shuffled(seed, epoch)}) and
 * dropout masks (one generator per epoch, see {@link TrialTrainer}) are pure functions of the trial
 * seed and the epoch, and initialisation happens only at epoch 0.
 *
 * <p>{@link #toBytes()} is a plain binary format (big-endian, magic {@code LRSC}, version 1), about
 * 8 bytes per parameter with momentum: 17.4 MB for MiniVGG's 2,169,770 parameters.
 *
 * @param trialId the trial it belongs to; resuming another trial from it is refused
 * @param seed the trial seed, checked on resume like the id
 * @param epoch epochs done: the next epoch to train (0-based)
 * @param iteration updater steps done: the next iteration's counter
 * @param params the flat parameter array ({@code MiniVgg.params()} layout)
 * @param updaterState the optimizer's whole state ({@code Optimizer.Step.saveState()}: SGD's
 *     momentum, Adam's first then second moments), empty for plain SGD
 * @param runningMeans BatchNorm running means, one array per BN layer
 * @param runningVariances BatchNorm running variances, one array per BN layer
 * @param history the epochs done, in order
 * @param trainSeconds training time so far (for the throughput of the whole trial)
 * @param trainImages training images seen so far
 * @param seconds wall time of the trial so far, all segments
 */
public record Checkpoint(
    String trialId,
    long seed,
    int epoch,
    int iteration,
    float[] params,
    float[] updaterState,
    double[][] runningMeans,
    double[][] runningVariances,
    List<EpochRecord> history,
    double trainSeconds,
    long trainImages,
    double seconds) {

  private static final int MAGIC = 0x4C525343; // "LRSC"
  private static final int VERSION = 1;

  public Checkpoint {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(updaterState, "updaterState");
    Objects.requireNonNull(runningMeans, "runningMeans");
    Objects.requireNonNull(runningVariances, "runningVariances");
    history = List.copyOf(history);
    if (epoch < 1 || history.size() != epoch) {
      throw new IllegalArgumentException("a checkpoint holds 1 or more finished epochs with one history record"
          + " each, found epoch " + epoch + " with " + history.size() + " records");
    }
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be 0 or greater, found " + iteration);
    }
  }

  /** The binary form (see the class comment). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 4 * (params.length + updaterState.length) + 4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(trialId);
      out.writeLong(seed);
      out.writeInt(epoch);
      out.writeInt(iteration);
      writeFloats(out, params);
      writeFloats(out, updaterState);
      writeDoubles(out, runningMeans);
      writeDoubles(out, runningVariances);
      out.writeInt(history.size());
      for (EpochRecord e : history) {
        out.writeInt(e.epoch());
        out.writeDouble(e.learningRate());
        out.writeDouble(e.trainLoss());
        out.writeDouble(e.trainAccuracy());
        out.writeDouble(e.testLoss());
        out.writeDouble(e.testAccuracy());
        out.writeDouble(e.seconds());
      }
      out.writeDouble(trainSeconds);
      out.writeLong(trainImages);
      out.writeDouble(seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** What a checkpoint's header says: whose it is and after which epoch. */
  public record Header(String trialId, long seed, int epoch) {}

  /**
   * The header of a checkpoint in {@link #toBytes()}'s form, read without decoding the weights
   * (the driver plans with it).
   *
   * @throws IllegalArgumentException when the bytes are not a checkpoint of this version
   */
  public static Header headerOf(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IllegalArgumentException("not a checkpoint of version " + VERSION);
      }
      return new Header(in.readUTF(), in.readLong(), in.readInt());
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated checkpoint header (" + data.length + " bytes): " + e, e);
    }
  }

  /** The epoch a checkpoint was taken after, from its header ({@link #headerOf}). */
  public static int epochOf(byte[] data) {
    return headerOf(data).epoch();
  }

  /**
   * Reads {@link #toBytes()}'s form.
   *
   * @throws IllegalArgumentException when the bytes are not a checkpoint of this version
   */
  public static Checkpoint fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IllegalArgumentException(String.format("not a checkpoint: expected magic 0x%08X, found 0x%08X", MAGIC, magic));
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("checkpoint version " + VERSION + " expected, found " + version);
      }
      String trialId = in.readUTF();
      long seed = in.readLong();
      int epoch = in.readInt();
      int iteration = in.readInt();
      float[] params = readFloats(in);
      float[] state = readFloats(in);
      double[][] means = readDoubles(in);
      double[][] vars = readDoubles(in);
      int n = in.readInt();
      List<EpochRecord> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        history.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readDouble()));
      }
      return new Checkpoint(trialId, seed, epoch, iteration, params, state, means, vars, history,
          in.readDouble(), in.readLong(), in.readDouble());
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated or corrupt checkpoint (" + data.length + " bytes): " + e, e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.BIG_ENDIAN);
    b.asFloatBuffer().put(a);
    out.write(b.array());
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 28) {
      throw new IOException("array length " + n + " out of range");
    }
    byte[] raw = new byte[4 * n];
    in.readFully(raw);
    float[] a = new float[n];
    ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(a);
    return a;
  }

  private static void writeDoubles(DataOutputStream out, double[][] a) throws IOException {
    out.writeInt(a.length);
    for (double[] row : a) {
      out.writeInt(row.length);
      for (double v : row) {
        out.writeDouble(v);
      }
    }
  }

  private static double[][] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1024) {
      throw new IOException("layer count " + n + " out of range");
    }
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      if (len < 0 || len > 1 << 24) {
        throw new IOException("layer width " + len + " out of range");
      }
      a[i] = new double[len];
      for (int j = 0; j < len; j++) {
        a[i][j] = in.readDouble();
      }
    }
    return a;
  }
}
