package dev.lrsweep.trial;

import java.io.Serializable;

/**
 * Where and with what a trial ran, so a result can be traced to its code, machine and seed.
 *
 * @param lrsweepVersion this project's version
 * @param nd4jVersion ND4J version
 * @param nd4jBuild the native build that loaded (e.g. "linux-x86_64-onednn-avx512")
 * @param host host name
 * @param jvm java.vm.name and java.version
 * @param os os.name, os.version and os.arch
 * @param threads OpenMP/BLAS threads used
 * @param seed the trial seed
 * @param startedAt ISO-8601 start time
 * @param model the network's name
 * @param dataset the dataset's name
 * @param optimizer the optimizer with its parameters, e.g. {@code sgd(momentum=0.9,nesterov=true)}
 */
public record Provenance(
    String lrsweepVersion,
    String nd4jVersion,
    String nd4jBuild,
    String host,
    String jvm,
    String os,
    int threads,
    long seed,
    String startedAt,
    String model,
    String dataset,
    String optimizer)
    implements Serializable {}
