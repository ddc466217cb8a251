package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders real PNGs through XChart and reads them back with ImageIO. */
class ScheduleChartTest {
  private static final ScheduleChart.Series HALVING =
      new ScheduleChart.Series(
          "halving", new double[] {0, 1, 2, 3, 4}, new double[] {0.01, 0.005, 0.0025, 0.00125, 0});
  private static final ScheduleChart.Series FLAT =
      new ScheduleChart.Series(
          "flat", new double[] {0, 1, 2, 3, 4}, new double[] {0.004, 0.004, 0.004, 0.004, 0.004});

  private static Set<Integer> colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen;
  }

  @Test
  void writesAReadablePngOfTheRequestedSize(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/lr.png");
    ScheduleChart.writePng(
        new ScheduleChart.Style("two schedules", "epoch", "learning rate", false, 640, 400),
        List.of(HALVING, FLAT),
        file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(640, image.getWidth());
    assertEquals(400, image.getHeight());
    assertTrue(colours(image).size() > 2, "a drawn chart has more than background and one ink");
  }

  @Test
  void logScaleLeavesOutTheZeroItCannotShow() throws Exception {
    byte[] png =
        ScheduleChart.png(
            new ScheduleChart.Style("log", "epoch", "learning rate", true, 300, 200),
            List.of(HALVING));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(300, image.getWidth());
    assertEquals(200, image.getHeight());
    assertTrue(colours(image).size() > 2);
  }

  @Test
  void logScaleWithNothingPositiveIsAnError() {
    ScheduleChart.Series zeros =
        new ScheduleChart.Series("zeros", new double[] {0, 1}, new double[] {0, 0});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScheduleChart.png(
                    new ScheduleChart.Style("log", "x", "y", true, 300, 200), List.of(zeros)));
    assertTrue(e.getMessage().contains("values > 0"), e.getMessage());
  }

  @Test
  void seriesAreCheckedAndCopied() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScheduleChart.Series("bad", new double[] {0, 1}, new double[] {1}));
    double[] y = {1, 2};
    ScheduleChart.Series s = new ScheduleChart.Series("s", new double[] {0, 1}, y);
    y[0] = 99;
    assertEquals(1.0, s.y()[0], 0.0, "the series keeps its own copy");
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScheduleChart.Style("tiny", "x", "y", false, 10, 10));
  }
}
