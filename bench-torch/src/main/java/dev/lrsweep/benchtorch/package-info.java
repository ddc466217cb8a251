/**
 * The official libtorch as a peer for scripts/bench-engine: MiniVGG written with libtorch's
 * ops through DJL's PyTorch engine ({@code LibtorchMiniVggBench}). Built only with {@code -P
 * bench-torch}; the product does not depend on it.
 */
package dev.lrsweep.benchtorch;
