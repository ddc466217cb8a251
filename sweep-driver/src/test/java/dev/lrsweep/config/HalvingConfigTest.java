package dev.lrsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scheduler} and the {@code halving} section: defaults, values and file:line errors. */
class HalvingConfigTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path f = dir.resolve("h.conf");
    Files.writeString(f, text);
    return f;
  }

  private static List<String> messages(SweepConfigException e) {
    return e.errors().stream().map(ConfigError::toString).collect(Collectors.toList());
  }

  @Test
  void gridIsTheDefaultAndIgnoresTheHalvingSection() throws Exception {
    SweepConfig c = SweepConfigLoader.load(write("training.epochs = 7\n"), List.of());
    assertEquals(Optional.empty(), c.halving(), "scheduler = grid by default; rungs = null is not read");
  }

  @Test
  void halvingReadsRungsAndFactorFromFileAndOverrides() throws Exception {
    Path f = write("training.epochs = 40\nscheduler = halving\nhalving { rungs = [5, 10, 20, 40] }\n");
    HalvingConfig h = SweepConfigLoader.load(f, List.of()).halving().orElseThrow();
    assertEquals(List.of(5, 10, 20, 40), h.rungs());
    assertEquals(3, h.reductionFactor(), "reference.conf's factor");

    HalvingConfig o = SweepConfigLoader.load(write("training.epochs = 40\n"),
        List.of("scheduler=halving", "training.epochs=4", "halving.rungs=[1, 2, 4]", "halving.reduction_factor=2"))
        .halving().orElseThrow();
    assertEquals(List.of(1, 2, 4), o.rungs());
    assertEquals(2, o.reductionFactor());
  }

  @Test
  void badRungsFactorAndSchedulerAreErrorsWithFileLine() throws Exception {
    Path f = write(String.join("\n",
        "training.epochs = 40",              // 1
        "scheduler = halving",               // 2
        "halving {",                         // 3
        "  rungs = [5, 20, 10, 40]",         // 4
        "  reduction_factor = 1",            // 5
        "}",
        ""));
    List<String> m = messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of())));
    String rule = "must be a list of epoch counts, integers >= 1, strictly ascending, the last equal to"
        + " training.epochs (40), e.g. [10, 20, 40]";
    assertEquals(List.of(
        f + ":5: halving.reduction_factor = 1: must be an integer in [2, 1000]",
        f + ":4: halving.rungs = 10: " + rule + "; 10 does not exceed the rung before it (20)"), m);

    Path last = write("training.epochs = 40\nscheduler = halving\nhalving.rungs = [5, 10, 20]\n");
    assertEquals(List.of(last + ":3: halving.rungs = [5,10,20]: " + rule + "; the last rung is 20 but training.epochs is 40"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(last, List.of()))));

    Path unset = write("scheduler = halving\n");
    assertEquals(List.of(unset + ": halving.rungs = null: must be set when scheduler = halving: must be a list of"
        + " epoch counts, integers >= 1, strictly ascending, the last equal to training.epochs (40), e.g. [10, 20, 40]"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(unset, List.of()))));

    Path zero = write("training.epochs = 2\nscheduler = halving\nhalving.rungs = [0, 2]\n");
    assertEquals(List.of(zero + ":3: halving.rungs = 0: must be a list of epoch counts, integers >= 1, strictly"
        + " ascending, the last equal to training.epochs (2), e.g. [1, 2]; 0 is not an epoch count"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(zero, List.of()))));

    Path asha = write("scheduler = asha\n");
    assertEquals(List.of(asha + ":1: scheduler = \"asha\": must be one of: grid, halving"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(asha, List.of()))));
  }

  @Test
  void theRungExampleInTheErrorIsItselfValidForShortAndLongRuns() throws Exception {
    // the example once read [1, 1, 2] for 2 epochs, breaking "strictly ascending"
    for (int epochs : new int[] {1, 2, 3, 4, 5, 7, 40}) {
      Path unset = write("training.epochs = " + epochs + "\nscheduler = halving\n");
      String message = messages(assertThrows(SweepConfigException.class,
          () -> SweepConfigLoader.load(unset, List.of()))).get(0);
      String example = message.substring(message.indexOf("e.g. ") + "e.g. ".length());
      HalvingConfig h = SweepConfigLoader.load(unset, List.of("halving.rungs=" + example)).halving().orElseThrow();
      assertEquals(epochs, h.rungs().get(h.rungs().size() - 1), example);
    }
  }

  @Test
  void survivorsAreTheFloorOfEnteredOverFactorAndAtLeastOne() {
    HalvingConfig h = new HalvingConfig(List.of(1, 3), 3);
    // floor(9/3) = 3, floor(8/3) = 2, floor(2/3) = 0 -> 1, floor(1/3) = 0 -> 1
    assertEquals(3, h.survivors(9));
    assertEquals(2, h.survivors(8));
    assertEquals(1, h.survivors(2));
    assertEquals(1, h.survivors(1));
    assertEquals(0, h.survivors(0));
    assertThrows(IllegalArgumentException.class, () -> new HalvingConfig(List.of(2, 2), 3));
    assertThrows(IllegalArgumentException.class, () -> new HalvingConfig(List.of(1, 2), 1));
  }
}
