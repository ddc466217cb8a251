package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.TrialRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Renders the report's XChart charts to PNG and reads the pixels back. */
class ReportChartsTest {
  // the highlight colours of the three best grid points, and the grey of the others
  private static final int BLUE = 0x1f77b4;
  private static final int RED = 0xd62728;
  private static final int GREEN = 0x2ca02c;

  private static Set<Integer> colours(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        seen.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return seen;
  }

  @Test
  void accuracyChartColoursTheThreeBestGridPointsOnly() throws Exception {
    byte[] png = ReportCharts.perEpoch(Ranking.of(HtmlReportFixtures.repeated()), ReportCharts.Metric.ACCURACY)
        .orElseThrow().png();
    Set<Integer> c = colours(png);
    assertTrue(c.contains(BLUE) && c.contains(RED) && c.contains(GREEN), "three highlighted points");

    // two grid points that ran epochs (cosine, step): no third colour
    List<TrialRecord> two = HtmlReportFixtures.repeated().stream()
        .filter(r -> r.gridPoint().startsWith("cosine") || r.gridPoint().startsWith("step")).toList();
    Set<Integer> c2 = colours(ReportCharts.perEpoch(Ranking.of(two), ReportCharts.Metric.ACCURACY).orElseThrow().png());
    assertTrue(c2.contains(BLUE) && c2.contains(RED));
    assertFalse(c2.contains(GREEN), "only two points to highlight");
  }

  @Test
  void logLearningRateLeavesOutAZeroRateAndLinearKeepsIt() throws Exception {
    Ranking r = Ranking.of(HtmlReportFixtures.repeated());
    assertTrue(ReportCharts.learningRate(r, true).isPresent());
    // only the warmup schedule (rates 0, 0.05, 0.1, ...): its 0 cannot be on a log axis, the rest can
    List<TrialRecord> warmup = HtmlReportFixtures.repeated().stream()
        .filter(t -> t.gridPoint().startsWith("warmup")).toList();
    assertTrue(ReportCharts.learningRate(Ranking.of(warmup), true).isPresent());
    assertEquals("learning-rate-log", ReportCharts.learningRate(Ranking.of(warmup), true).orElseThrow().name());
    assertEquals("charts/learning-rate.png", ReportCharts.learningRate(Ranking.of(warmup), false).orElseThrow().file());
  }

  @Test
  void forestPlotWheneverATrialCompletedAndNothingToDrawWithoutEpochs() throws Exception {
    assertTrue(ReportCharts.forest(Ranking.of(HtmlReportFixtures.repeated())).isPresent());
    assertTrue(ReportCharts.forest(Ranking.of(HtmlReportFixtures.single())).isPresent(), "Wilson intervals");
    List<TrialRecord> failedOnly = HtmlReportFixtures.repeated().stream()
        .filter(t -> t.result().history().isEmpty()).toList();
    Ranking none = Ranking.of(failedOnly);
    assertTrue(ReportCharts.learningRate(none, false).isEmpty());
    assertTrue(ReportCharts.perEpoch(none, ReportCharts.Metric.LOSS).isEmpty());
    assertTrue(ReportCharts.forest(none).isEmpty());
  }
}
