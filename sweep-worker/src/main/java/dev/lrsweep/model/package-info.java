/**
 * The networks: the {@link dev.lrsweep.model.Model} seam and its registry ({@link
 * dev.lrsweep.model.ModelRegistry}), MiniVGG (PyImageSearch's MiniVGGNet for CIFAR-10) and the
 * Keras MNIST CNN, each a fast CPU implementation of its training-mode and inference-mode passes
 * on libnd4j's oneDNN build with the project's Java kernels.
 */
package dev.lrsweep.model;
