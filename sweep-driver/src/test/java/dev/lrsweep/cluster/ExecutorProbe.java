package dev.lrsweep.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function2;

/**
 * The task of the probe job: counts its partition and reports which executor JVM ran it. Shipped
 * to the executors in a jar the test builds, the way an application's code reaches a cluster.
 */
public final class ExecutorProbe implements Function2<Integer, Iterator<Integer>, Iterator<TaskPlace>> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<TaskPlace> call(Integer partition, Iterator<Integer> elements)
      throws UnknownHostException {
    int count = 0;
    while (elements.hasNext()) {
      elements.next();
      count++;
    }
    ProcessHandle self = ProcessHandle.current();
    long parent = self.parent().map(ProcessHandle::pid).orElse(-1L);
    TaskPlace place =
        new TaskPlace(
            partition,
            count,
            SparkEnv.get().executorId(),
            self.pid(),
            parent,
            System.getProperty("user.dir"),
            InetAddress.getLocalHost().getHostName());
    return List.of(place).iterator();
  }
}
