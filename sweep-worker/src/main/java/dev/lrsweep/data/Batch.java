package dev.lrsweep.data;

/**
 * One mini-batch: {@code size} images as floats in [0, 1], NCHW ({@code size x 3 x 32 x 32}),
 * and their labels. The arrays may be reused by the iterator for the next batch.
 */
public record Batch(float[] features, int[] labels, int size) {}
