package dev.lrsweep.data;

/**
 * One mini-batch: {@code size} images as floats in [0, 1], NCHW ({@code size x channels x height x width}),
 * and their labels. The arrays may be reused by the iterator for the next batch.
 */
public record Batch(float[] features, int[] labels, int size) {}
