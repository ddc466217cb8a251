package dev.lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputDirTest {
  @TempDir Path dir;

  @Test
  void plainNamesAndSubfoldersStayInside() {
    OutputDir out = new OutputDir(dir.resolve("sweep"));
    assertEquals(dir.resolve("sweep/ranking.csv"), out.resolve("ranking.csv"));
    assertEquals(dir.resolve("sweep/trials/step-lr00.01-r0.json"), out.resolve("trials/step-lr00.01-r0.json"));
    // two dots inside a name are just characters
    assertEquals(dir.resolve("sweep/a..b"), out.resolve("a..b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.csv", "trials/../../escape", "/etc/passwd", "..", ".", "", ".hidden",
      "a//b", "a/", "a\\..\\b", "name with space", "tab\tname", "x/./y"})
  void namesThatCouldLeaveOrHideAreRejected(String name) {
    OutputDir out = new OutputDir(dir.resolve("sweep"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.resolve(name));
    assertTrue(e.getMessage().contains("found") || e.getMessage().contains("outside"), e.getMessage());
  }

  @Test
  void relativeRootIsMadeAbsoluteAndNormalized() {
    OutputDir out = new OutputDir(Path.of("out/../out/quick"));
    assertEquals(Path.of("out/quick").toAbsolutePath(), out.root());
  }
}
