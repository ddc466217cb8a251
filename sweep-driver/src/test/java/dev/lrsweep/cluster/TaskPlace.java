package dev.lrsweep.cluster;

import java.io.Serializable;

/**
 * Where one task of the probe job ran, as seen from inside the executor JVM.
 *
 * @param partition the partition the task computed
 * @param elements how many elements the partition held
 * @param executorId Spark's executor id ({@code SparkEnv.get().executorId()})
 * @param pid the executor JVM's process id
 * @param parentPid the process that started the executor JVM (its worker, on standalone)
 * @param userDir the executor's working directory (the worker puts it under its work dir)
 * @param host the executor's host name
 */
public record TaskPlace(
    int partition,
    int elements,
    String executorId,
    long pid,
    long parentPid,
    String userDir,
    String host)
    implements Serializable {}
