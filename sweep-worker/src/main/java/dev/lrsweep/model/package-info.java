/**
 * The MiniVGG network (PyImageSearch's MiniVGGNet for CIFAR-10): its configuration and a fast
 * CPU implementation of its training-mode and inference-mode passes on libnd4j's oneDNN build.
 */
package dev.lrsweep.model;
