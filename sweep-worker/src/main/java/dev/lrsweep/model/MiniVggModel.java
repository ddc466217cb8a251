package dev.lrsweep.model;

import dev.lrsweep.data.ImageShape;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link MiniVgg} behind the {@link Model} interface: the calls pass straight through. */
final class MiniVggModel implements Model {
  private final MiniVgg net;

  MiniVggModel(MiniVgg net) {
    this.net = net;
  }

  /** {@code minivgg}: PyImageSearch's MiniVGGNet ({@link MiniVggConfig#article()}) for 3x32x32 images. */
  static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "minivgg";
    }

    @Override
    public String description() {
      return "PyImageSearch's MiniVGGNet: 2x(conv32+BN) pool, 2x(conv64+BN) pool, dense512+BN, dense; "
          + "3x" + MiniVggConfig.SIDE + "x" + MiniVggConfig.SIDE + " images";
    }

    @Override
    public Optional<String> incompatibility(ImageShape shape, int classes) {
      ImageShape needed = new ImageShape(MiniVggConfig.CHANNELS, MiniVggConfig.SIDE, MiniVggConfig.SIDE);
      if (!shape.equals(needed)) {
        return Optional.of("minivgg takes " + needed + " images (channels x height x width), the dataset has " + shape);
      }
      return Optional.empty();
    }

    @Override
    public Model create(ImageShape shape, int classes, int maxBatch, long seed) {
      incompatibility(shape, classes).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      });
      MiniVggConfig a = MiniVggConfig.article();
      MiniVggConfig cfg = new MiniVggConfig(a.conv1(), a.conv2(), a.dense(), classes, a.convDropout(),
          a.denseDropout(), a.bnMomentum(), a.bnEpsilon());
      return new MiniVggModel(new MiniVgg(cfg, maxBatch, seed));
    }
  }

  @Override
  public INDArray params() {
    return net.params();
  }

  @Override
  public INDArray gradients() {
    return net.gradients();
  }

  @Override
  public long numParams() {
    return net.numParams();
  }

  @Override
  public Outcome trainStep(float[] features, int[] labels, int n, SplittableRandom rng) {
    MiniVgg.BatchOutcome o = net.trainStep(features, labels, n, rng);
    return new Outcome(o.lossSum(), o.correct(), o.size());
  }

  @Override
  public Outcome evaluate(float[] features, int[] labels, int n, int[] predicted) {
    MiniVgg.BatchOutcome o = net.evaluate(features, labels, n, predicted);
    return new Outcome(o.lossSum(), o.correct(), o.size());
  }

  @Override
  public double[][] runningMeans() {
    return net.runningMeans();
  }

  @Override
  public double[][] runningVariances() {
    return net.runningVariances();
  }

  @Override
  public void restoreRunningStatistics(double[][] means, double[][] variances) {
    net.restoreRunningStatistics(means, variances);
  }

  @Override
  public void close() {
    net.close();
  }
}
