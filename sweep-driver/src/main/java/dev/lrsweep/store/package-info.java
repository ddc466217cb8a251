/**
 * Durable results: {@link dev.lrsweep.store.ResultStore} appends one JSON line per finished trial
 * to {@code OUT/results.jsonl} (flushed and fsync'd, so a crash loses nothing finished), reads it
 * back to resume, and guards {@code OUT/sweep.json}'s fingerprint so a resumed sweep never mixes
 * results of different data, training or seed. {@link dev.lrsweep.store.OutputDir} keeps every
 * file it names inside OUT.
 */
package dev.lrsweep.store;
