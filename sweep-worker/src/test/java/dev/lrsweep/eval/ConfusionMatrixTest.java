package dev.lrsweep.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final double EPS = 1e-12;

  /**
   * Three classes, ten predictions:
   *
   * <pre>
   * actual:    a a a a b b b c c c
   * predicted: a a b c b b a c c b
   * </pre>
   *
   * Confusion (rows actual, columns predicted): a = [2,1,1], b = [1,2,0], c = [0,1,2].
   * a: tp 2, predicted a 3 -> precision 2/3, support 4 -> recall 1/2, f1 = 2*(2/3)(1/2)/(7/6) = 4/7.
   * b: tp 2, predicted b 4 -> precision 1/2, support 3 -> recall 2/3, f1 = 4/7.
   * c: tp 2, predicted c 3 -> precision 2/3, support 3 -> recall 2/3, f1 = 2/3.
   * macro: p (2/3+1/2+2/3)/3 = 11/18, r (1/2+2/3+2/3)/3 = 11/18, f1 (4/7+4/7+2/3)/3 = 38/63.
   * weighted: p (4*2/3+3*1/2+3*2/3)/10 = 37/60, r (4*1/2+3*2/3+3*2/3)/10 = 6/10,
   * f1 (4*4/7+3*4/7+3*2/3)/10 = (4+2)/10 = 3/5. accuracy 6/10.
   * (sklearn.metrics.classification_report gives the same figures, rounded.)
   */
  @Test
  void reportMatchesHandComputedValues() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
    int[] actual = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    int[] predicted = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};
    m.addAll(actual, predicted, actual.length);
    ClassReport r = m.report();

    assertArrayEquals(new int[] {2, 1, 1}, r.confusion()[0]);
    assertArrayEquals(new int[] {1, 2, 0}, r.confusion()[1]);
    assertArrayEquals(new int[] {0, 1, 2}, r.confusion()[2]);
    expect(r.classes().get(0), "a", 2.0 / 3, 0.5, 4.0 / 7, 4);
    expect(r.classes().get(1), "b", 0.5, 2.0 / 3, 4.0 / 7, 3);
    expect(r.classes().get(2), "c", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3);
    expect(r.macroAvg(), "macro avg", 11.0 / 18, 11.0 / 18, 38.0 / 63, 10);
    expect(r.weightedAvg(), "weighted avg", 37.0 / 60, 0.6, 0.6, 10);
    assertEquals(0.6, r.accuracy(), EPS);
    assertEquals(0.6, m.accuracy(), EPS);
    assertEquals(10, m.total());
  }

  @Test
  void classNeverPredictedOrAbsentScoresZeroNotNaN() {
    // Class c has support 2 but is never predicted; class b is predicted but has no support.
    ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
    m.add(0, 0);
    m.add(2, 1);
    m.add(2, 0);
    ClassReport r = m.report();
    // a: tp 1, predicted 2 -> p 1/2, support 1 -> r 1, f1 2/3.
    expect(r.classes().get(0), "a", 0.5, 1.0, 2.0 / 3, 1);
    expect(r.classes().get(1), "b", 0.0, 0.0, 0.0, 0);
    expect(r.classes().get(2), "c", 0.0, 0.0, 0.0, 2);
    assertEquals(1.0 / 3, r.accuracy(), EPS);
  }

  @Test
  void emptyMatrixHasNaNAccuracyAndZeroSupport() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("x", "y"));
    assertTrue(Double.isNaN(m.accuracy()));
    assertEquals(0, m.report().macroAvg().support());
  }

  @Test
  void labelsOutsideTheClassesAreRejectedWithTheRange() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("x", "y"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(0, 2));
    assertEquals("predicted label must be in [0, 1], found 2", e.getMessage());
  }

  private static void expect(ClassMetrics m, String name, double p, double r, double f1, int support) {
    assertEquals(name, m.name());
    assertEquals(p, m.precision(), EPS, name + " precision");
    assertEquals(r, m.recall(), EPS, name + " recall");
    assertEquals(f1, m.f1(), EPS, name + " f1");
    assertEquals(support, m.support(), name + " support");
  }
}
