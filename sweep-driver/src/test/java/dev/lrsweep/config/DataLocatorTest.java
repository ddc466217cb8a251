package dev.lrsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution order data.path, CIFAR10_PATH, project default, with an injected environment. */
class DataLocatorTest {
  @TempDir Path dir;
  Path projectRoot;
  Path projectDefault;
  Path configured;
  Path fromEnv;

  @BeforeEach
  void files() throws IOException {
    projectRoot = Files.createDirectories(dir.resolve("work/project"));
    projectDefault = dir.resolve("work/shared/datasets/cifar-10-binary.tar.gz");
    configured = dir.resolve("mine.tar.gz");
    fromEnv = dir.resolve("env.tar.gz");
  }

  private Environment env(Map<String, String> vars) {
    return new Environment(vars, projectRoot, dir);
  }

  private static DataConfig data(String path) {
    return new DataConfig("cifar10", Optional.ofNullable(path), path == null ? "" : "x.conf:3", 0, 0);
  }

  private static void touch(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "not really cifar");
  }

  @Test
  void configKeyWinsOverEnvironmentAndDefault() throws IOException {
    touch(configured);
    touch(fromEnv);
    touch(projectDefault);
    DataLocation l = DataLocator.locate(data(configured.toString()), env(Map.of("CIFAR10_PATH", fromEnv.toString())));
    assertTrue(l.found());
    assertEquals(configured.toString(), l.location());
    assertEquals("data.path (x.conf:3)", l.source());
  }

  @Test
  void environmentWinsOverDefault() throws IOException {
    touch(fromEnv);
    touch(projectDefault);
    DataLocation l = DataLocator.locate(data(null), env(Map.of("CIFAR10_PATH", fromEnv.toString())));
    assertTrue(l.found());
    assertEquals(fromEnv.toString(), l.location());
    assertEquals("CIFAR10_PATH environment variable", l.source());
  }

  @Test
  void projectDefaultIsRelativeToTheProjectRoot() throws IOException {
    touch(projectDefault);
    DataLocation l = DataLocator.locate(data(null), env(Map.of()));
    assertTrue(l.found(), l.looked().toString());
    // ../shared/... from work/project is work/shared/..., normalized
    assertEquals(projectDefault.toString(), l.location());
  }

  @Test
  void relativeConfiguredPathResolvesAgainstTheWorkingDirectory() throws IOException {
    touch(configured);
    DataLocation l = DataLocator.locate(data("mine.tar.gz"), env(Map.of()));
    assertTrue(l.found());
    assertEquals(configured.toString(), l.location());
  }

  @Test
  void missingEverywhereSaysWhereItLookedAndHowToGetTheFile() {
    DataLocation l = DataLocator.locate(data(null), env(Map.of()));
    assertFalse(l.found());
    DataNotFoundException e = assertThrows(DataNotFoundException.class, l::requireFound);
    String m = e.getMessage();
    assertTrue(m.contains("data.path: not set"), m);
    assertTrue(m.contains("CIFAR10_PATH environment variable: not set"), m);
    assertTrue(m.contains(projectDefault + " (does not exist)"), m);
    assertTrue(m.contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), m);
    assertTrue(m.contains("data.path") && m.contains("CIFAR10_PATH"), m);
  }

  @Test
  void namedButMissingLocationIsNotReplacedByALaterRule() throws IOException {
    touch(fromEnv);
    DataLocation l = DataLocator.locate(data(configured.toString()), env(Map.of("CIFAR10_PATH", fromEnv.toString())));
    assertFalse(l.found());
    assertEquals(configured.toString(), l.location());
    assertTrue(l.problem().contains(configured + " (does not exist)"), l.problem());
  }

  @Test
  void hadoopUrisPassUncheckedAndFileUrisAreChecked() throws IOException {
    DataLocation hdfs = DataLocator.locate(data("hdfs://nn:8020/cifar.tar.gz"), env(Map.of()));
    assertTrue(hdfs.found());
    assertEquals("hdfs://nn:8020/cifar.tar.gz", hdfs.location());
    DataLocation s3 = DataLocator.locate(data(null), env(Map.of("CIFAR10_PATH", "s3a://bucket/cifar.tar.gz")));
    assertTrue(s3.found());
    assertEquals("s3a://bucket/cifar.tar.gz", s3.location());

    DataLocation missingFile = DataLocator.locate(data(configured.toUri().toString()), env(Map.of()));
    assertFalse(missingFile.found());
    touch(configured);
    DataLocation file = DataLocator.locate(data(configured.toUri().toString()), env(Map.of()));
    assertTrue(file.found());
    assertEquals(configured.toString(), file.location());
  }
}
