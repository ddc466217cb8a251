/**
 * Benchmarks, not tests: {@code EngineBench} measures MiniVGG training and inference throughput
 * for scripts/bench-engine. Surefire does not run it (no {@code *Test} class here).
 */
package dev.lrsweep.bench;
