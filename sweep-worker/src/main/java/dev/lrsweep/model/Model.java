package dev.lrsweep.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network the trainer can train: a forward/backward pass that leaves the gradient of the mean
 * loss next to the parameters, an inference pass, and the state outside the parameters that a
 * checkpoint must carry (BatchNorm running statistics; none for a network without BatchNorm).
 *
 * <p>Parameters live in one flat {@code [1, P]} float array and the gradients in another of the
 * same layout, so one optimizer step updates every parameter. Images come as a batch's floats,
 * channel-major per image ({@code n x C x H x W}), labels {@code 0..classes-1}.
 *
 * <p>Built by {@link ModelRegistry}; adding a network is one implementation plus one registry
 * line. Not thread-safe: one instance per trial. {@link #close()} frees native buffers.
 */
public interface Model extends AutoCloseable {
  /** Summed loss and number of correct predictions of one batch. */
  record Outcome(double lossSum, int correct, int size) {}

  /** All trainable parameters as one {@code [1, P]} float array; writing to it changes the network. */
  INDArray params();

  /** Gradients of the last {@link #trainStep}'s mean loss, same layout as {@link #params()}. */
  INDArray gradients();

  /** Number of trainable parameters. */
  default long numParams() {
    return params().length();
  }

  /**
   * One training-mode forward and backward pass (dropout masks drawn from {@code rng}); leaves
   * the gradients of the mean cross-entropy in {@link #gradients()}. Parameters are not changed.
   */
  Outcome trainStep(float[] features, int[] labels, int n, SplittableRandom rng);

  /**
   * Inference-mode pass: summed cross-entropy, correct count and each image's predicted class in
   * {@code predicted} (may be null).
   */
  Outcome evaluate(float[] features, int[] labels, int n, int[] predicted);

  /** Copies of the running means of the network's BatchNorm layers, one array per layer (may be none). */
  double[][] runningMeans();

  /** Copies of the running variances, one array per BatchNorm layer. */
  double[][] runningVariances();

  /**
   * Replaces the running statistics (to resume from a checkpoint).
   *
   * @throws IllegalArgumentException when the layer count or a layer's width differs
   */
  void restoreRunningStatistics(double[][] means, double[][] variances);

  @Override
  void close();
}
