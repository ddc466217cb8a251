/**
 * Benchmarks, not tests: {@code EngineBench} measures MiniVGG training and inference throughput
 * for scripts/bench-engine; {@code ConvBench} times each convolution alone; {@code DnnlConvBench} times each
 * convolution as libnd4j's ops against oneDNN called directly. Surefire runs neither
 * (no {@code *Test} class here).
 */
package dev.lrsweep.bench;
