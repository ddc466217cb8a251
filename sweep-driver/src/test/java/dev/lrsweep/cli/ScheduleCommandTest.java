package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep schedule} end to end through {@link Main#execute}, stdout and stderr captured. */
class ScheduleCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private List<String> stdoutLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stepDecayHalfEveryFiveEpochsOverForty() {
    int code =
        Main.execute(
            "schedule", "--family", "step", "--param", "lr0=0.01", "--param", "factor=0.5",
            "--param", "drop_every=5", "--epochs", "40");
    assertEquals(0, code, stderr());
    List<String> lines = stdoutLines();
    assertEquals("epoch,lr", lines.get(0));
    assertEquals(41, lines.size(), "header + 40 epochs");
    // PyImageSearch: 0.01 * 0.5^floor((1 + epoch) / 5)
    double[] byHand = new double[40];
    byHand[0] = 0.01; // floor(1/5) = 0
    byHand[3] = 0.01; // floor(4/5) = 0
    byHand[4] = 0.005; // floor(5/5) = 1
    byHand[9] = 0.0025; // floor(10/5) = 2
    byHand[14] = 0.00125; // floor(15/5) = 3
    byHand[39] = 3.90625e-5; // floor(40/5) = 8: 0.01 / 256
    for (int epoch : new int[] {0, 3, 4, 9, 14, 39}) {
      String[] row = lines.get(1 + epoch).split(",");
      assertEquals(String.valueOf(epoch), row[0]);
      assertEquals(byHand[epoch], Double.parseDouble(row[1]), 1e-18, "epoch " + epoch);
    }
    for (int epoch = 0; epoch < 40; epoch++) {
      double reference = 0.01 * Math.pow(0.5, Math.floor((1 + epoch) / 5.0));
      assertEquals(reference, Double.parseDouble(lines.get(1 + epoch).split(",")[1]), 1e-18);
    }
  }

  @Test
  void epochRowsUseTheFirstIterationOfEachEpochWithTheSeedStepsPerEpoch() {
    // time_decay counts iterations; epoch e starts at iteration 782 e:
    // 0.01 / (1 + 0.00025 * 782 e) -> e=1: 0.01 / 1.1955, e=2: 0.01 / 1.391
    int code =
        Main.execute(
            "schedule", "--family", "time_decay", "--param", "lr0=0.01", "--param",
            "decay=0.00025", "--epochs", "3");
    assertEquals(0, code, stderr());
    List<String> lines = stdoutLines();
    assertEquals(List.of("epoch,lr", "0,0.01"), lines.subList(0, 2));
    assertEquals(0.01 / 1.1955, Double.parseDouble(lines.get(2).split(",")[1]), 1e-17);
    assertEquals(0.01 / 1.391, Double.parseDouble(lines.get(3).split(",")[1]), 1e-17);
  }

  @Test
  void perIterationPrintsEveryIteration() {
    // piecewise in iterations, 3 per epoch: 0.002 until iteration 3, 0.001 until 5, then 0.0005
    int code =
        Main.execute(
            "schedule", "--family", "piecewise", "--param", "boundaries=3,5", "--param",
            "values=0.002,0.001,0.0005", "--param", "unit=iteration", "--epochs", "2",
            "--steps-per-epoch", "3", "--per-iteration");
    assertEquals(0, code, stderr());
    assertEquals(
        List.of(
            "iteration,lr", "0,0.002", "1,0.002", "2,0.002", "3,0.001", "4,0.001", "5,5.0E-4"),
        stdoutLines());
  }

  @Test
  void badFactorExitsTwoWithTheRuleAndTheUsage() {
    int code =
        Main.execute(
            "schedule", "--family", "step", "--param", "lr0=0.01", "--param", "factor=1.5",
            "--param", "drop_every=5", "--epochs", "40");
    assertEquals(2, code, stderr());
    assertTrue(stderr().contains("step: factor must be in (0, 1], found 1.5"), stderr());
    assertTrue(stderr().contains("Usage: sweep schedule"), stderr());
    assertEquals("", out.toString(StandardCharsets.UTF_8), "no CSV for bad input");
  }

  @Test
  void unknownFamilyExitsTwoListingTheValidOnes() {
    int code = Main.execute("schedule", "--family", "cosin", "--param", "lr0=0.1", "--epochs", "5");
    assertEquals(2, code, stderr());
    assertTrue(
        stderr()
            .contains(
                "cosin: family must be one of constant, cosine, cosine_restarts, exponential,"
                    + " piecewise, polynomial, step, time_decay, warmup_cosine, found cosin"),
        stderr());
  }

  @Test
  void malformedParamExitsTwo() {
    int code =
        Main.execute("schedule", "--family", "constant", "--param", "lr0.01", "--epochs", "5");
    assertEquals(2, code, stderr());
    assertTrue(stderr().contains("--param expects key=value"), stderr());
    assertTrue(stderr().contains("found 'lr0.01'"), stderr());
  }

  @Test
  void chartIsAPngOfTheExpectedSizeWithSomethingDrawn(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("warmup.png");
    int code =
        Main.execute(
            "schedule", "--family", "warmup_cosine", "--param", "lr_max=0.05", "--param",
            "warmup_steps=3", "--param", "total_steps=40", "--epochs", "40", "--chart",
            png.toString(), "--log-scale");
    assertEquals(0, code, stderr());
    assertTrue(Files.size(png) > 0);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(ScheduleCommand.CHART_WIDTH, image.getWidth());
    assertEquals(ScheduleCommand.CHART_HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 2, "only " + colours.size() + " colours: nothing drawn");
    assertEquals(41, stdoutLines().size(), "the CSV is printed with the chart");
  }
}
