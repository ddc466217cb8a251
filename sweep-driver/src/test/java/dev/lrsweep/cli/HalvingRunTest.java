package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} with {@code scheduler = halving} end to end on real Spark ({@code local[2]})
 * with real training of tiny CIFAR-10 subsets, against the full grid of the same config.
 */
@Tag("spark")
class HalvingRunTest {
  /**
   * Two constant rates: 0.01 learns (test accuracy 0.22 after epoch 1); 1e-7 cannot move the
   * weights in 2 epochs (0.115), so the winner is clear. Rungs [1, 2], factor 2: floor(2 / 2) = 1
   * trial goes on to epoch 2. Two trials, not three: with local[2] a third trial runs alone on
   * one core while the other idles, which made this test 7 trial-epochs long instead of 4.
   */
  static Path writeConfig(Path dir, Path out, String scheduler) throws IOException {
    String conf =
        """
        data { path = "%s", train_limit = 2000, test_limit = 200 }
        training { epochs = 2, batch_size = 16 }
        seed = 11
        threads = 1
        out = "%s"
        scheduler = %s
        halving { rungs = [1, 2], reduction_factor = 2 }
        grid = [
          { family = constant, lr = [0.01, 0.0000001] }
        ]
        """
            .formatted(RunCommandTest.cifarArchive(), out, scheduler);
    Path file = dir.resolve(scheduler + ".conf");
    Files.writeString(file, conf);
    return file;
  }

  private static Map<String, JsonNode> byLabel(Path out) throws IOException {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode n : RunCommandTest.results(out)) {
      m.put(n.get("label").asText(), n);
    }
    return m;
  }

  private static CliCapture run(Path conf) {
    return CliCapture.run("run", "--config", conf.toString(), "--master", "local[2]", "--status-every", "0");
  }

  @Test
  void survivorResumesFromItsCheckpointAndEqualsTheFullRunStoppedTrialsKeepTheirRung(@TempDir Path dir)
      throws Exception {
    Path halvingOut = dir.resolve("halving");
    Path fullOut = dir.resolve("full");
    CliCapture halving = run(writeConfig(dir, halvingOut, "halving"));
    assertEquals(0, halving.exitCode(), halving.out() + halving.err());
    CliCapture full = run(writeConfig(dir, fullOut, "grid"));
    assertEquals(0, full.exitCode(), full.out() + full.err());

    List<JsonNode> lines = RunCommandTest.results(halvingOut);
    assertEquals(2, lines.size(), "one terminal line per trial: " + lines);
    Map<String, JsonNode> h = byLabel(halvingOut);
    Map<String, JsonNode> f = byLabel(fullOut);

    JsonNode winner = h.get("constant(lr=0.01)");
    assertEquals("COMPLETED", winner.get("status").asText(), winner.toString());
    assertEquals(2, winner.get("epochs_run").asInt());
    // rung index 1 of 2 (0-based), its second segment resumed from the checkpoint at epoch 1
    assertEquals(1, winner.get("halving").get("rung").asInt());
    assertEquals(2, winner.get("halving").get("rung_epoch").asInt());
    assertEquals(1, winner.get("halving").get("resumed_from_epoch").asInt(), "resumed from checkpoint at epoch 1");

    String slow = "constant(lr=1E-7)";
    JsonNode s = h.get(slow);
    assertEquals("STOPPED", s.get("status").asText(), slow + ": " + s);
    assertEquals(0, s.get("halving").get("rung").asInt(), slow + " stopped at the first rung");
    assertEquals(1, s.get("halving").get("rung_epoch").asInt());
    assertEquals(1, s.get("epochs_run").asInt());
    assertTrue(s.get("message").asText().startsWith("stopped by successive halving after rung 1 of 2 (epoch 1)"),
        s.get("message").asText());
    // its one epoch is the full run's first epoch, bit for bit
    assertSameEpochs(f.get(slow).get("history"), s.get("history"), 1, slow);

    // The survivor, trained 1 epoch + checkpoint through the driver + 1 epoch, is the full run's trial.
    JsonNode fullWinner = f.get("constant(lr=0.01)");
    assertEquals("COMPLETED", fullWinner.get("status").asText());
    assertSameEpochs(fullWinner.get("history"), winner.get("history"), 2, "survivor");
    assertEquals(fullWinner.get("final_accuracy").asDouble(), winner.get("final_accuracy").asDouble());
    assertEquals(fullWinner.get("final_loss").asDouble(), winner.get("final_loss").asDouble());

    // Same winner: first data row of both rankings.
    String hTop = Files.readAllLines(halvingOut.resolve("ranking.csv")).get(1);
    String fTop = Files.readAllLines(fullOut.resolve("ranking.csv")).get(1);
    assertTrue(fTop.contains("constant(lr=0.01)"), "the full grid's winner is lr 0.01: " + fTop);
    assertTrue(hTop.contains("constant(lr=0.01)"), "halving's winner is the same: " + hTop);

    // 2 trials x 1 epoch + 1 survivor x 1 epoch = 3 of the full grid's 2 x 2 = 4: 25.0% saved.
    String out = halving.out();
    assertTrue(out.contains("Successive halving: 3 of 4 epochs trained (25.0% saved"), out);
    assertTrue(out.contains("rung 1/2: 1 of 2 go on to epoch 2: constant(lr=0.01)"), out);
    assertTrue(out.contains("Stopped by successive halving"), out);
    String md = Files.readString(halvingOut.resolve("ranking.md"));
    assertTrue(md.contains("## Stopped by successive halving"), md);
    assertTrue(md.contains("| 1 of 2 | 1 |"), "stopped rows name rung 1 of 2, epoch 1: " + md);
    try (Stream<Path> files = Files.walk(halvingOut)) {
      assertFalse(files.anyMatch(p -> p.toString().endsWith(".ckpt")), "checkpoints are deleted once trials end");
    }

    // Rerun: nothing left to train, no new lines, no Spark job.
    CliCapture rerun = run(writeConfig(dir, halvingOut, "halving"));
    assertEquals(0, rerun.exitCode(), rerun.out() + rerun.err());
    assertEquals(2, RunCommandTest.results(halvingOut).size(), "a rerun adds no line");
    assertTrue(rerun.out().contains("rung 1/2: 2 trials to epoch 1 (2 already done)"), rerun.out());
    assertTrue(rerun.out().contains("rung 2/2: 1 trials to epoch 2 (1 already done)"), rerun.out());

    // Against the full grid.
    CliCapture compared = CliCapture.run("report", "--out", halvingOut.toString(), "--compare", fullOut.toString());
    assertEquals(0, compared.exitCode(), compared.out() + compared.err());
    assertTrue(compared.out().contains("survived every rung"), compared.out());
    assertTrue(compared.out().contains(", the same."), compared.out());
    assertTrue(Files.readString(halvingOut.resolve("ranking.md")).contains("## Against the full grid"));
  }

  private static void assertSameEpochs(JsonNode expected, JsonNode actual, int epochs, String what) {
    assertEquals(epochs, actual.size(), what + " epochs");
    for (int e = 0; e < epochs; e++) {
      for (String k : List.of("epoch", "learning_rate", "train_loss", "train_accuracy", "test_loss", "test_accuracy")) {
        assertEquals(expected.get(e).get(k).asDouble(), actual.get(e).get(k).asDouble(),
            what + " epoch " + e + " " + k + " must equal the uninterrupted run's, bit for bit");
      }
    }
  }
}
