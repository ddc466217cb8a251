package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path {@code scripts/sweep} runs from ({@code target/runtime-classpath.txt}, compile
 * and provided scopes) is enough for a real sweep: a one-trial sweep trains on Spark local[1] in a
 * driver JVM that has only that class path. Tests themselves run on the test class path, which
 * also holds test-scoped jars: a dependency the product needs but gets only through a test-scoped
 * one (as nd4j-common once did through dl4j-spark) passes every other test and fails this one.
 */
class RuntimeClasspathTest {
  @Test
  void aSweepRunsFromTheClassPathScriptsSweepUses(@TempDir Path dir) throws Exception {
    Path target = Path.of(System.getProperty("lrsweep.project.root", ".")).resolve("sweep-driver/target");
    Path file = target.resolve("runtime-classpath.txt");
    assertTrue(Files.isRegularFile(file), file + " is written before the tests (process-classes)");
    String classpath = target.resolve("classes") + java.io.File.pathSeparator + Files.readString(file).trim();

    Path out = dir.resolve("out");
    Path conf = dir.resolve("one.conf");
    Files.writeString(conf, """
        data { path = "%s", train_limit = 64, test_limit = 32 }
        training { epochs = 1, batch_size = 32 }
        threads = 1
        out = "%s"
        grid = [ { family = constant, lr = 0.01 } ]
        """.formatted(RunCommandTest.cifarArchive(), out));
    Path log = dir.resolve("driver.log");
    Process driver = RunCommandTest.startDriver(classpath, "local[1]", conf, log);
    assertTrue(driver.waitFor(3, TimeUnit.MINUTES), "the sweep ends within 3 minutes");
    String output = read(log);
    assertEquals(0, driver.exitValue(), output);
    List<JsonNode> lines = RunCommandTest.results(out);
    assertEquals(1, lines.size(), output);
    assertEquals("COMPLETED", lines.get(0).get("status").asText(), output);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
