package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.schedule.Schedule.Unit;
import dev.lrsweep.schedule.WarmupCosineSchedule.Warmup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Landmark values of every family: start, at and after each boundary, halfway, the end and
 * beyond it. Every expected number is worked out by hand from the reference formula (PyImageSearch,
 * Keras) in the comment next to it, never taken from the code under test.
 */
class ScheduleFamiliesTest {

  /** Relative tolerance: the formulas are a few floating-point operations deep. */
  private static void near(double expected, double actual, String where) {
    double tolerance = 1e-12 * Math.max(Math.abs(expected), 1e-300);
    assertEquals(expected, actual, tolerance, where);
  }

  @Test
  void constantIsTheSameEverywhere() {
    ConstantSchedule s = new ConstantSchedule(0.01, Unit.EPOCH);
    near(0.01, s.valueAt(0), "t=0");
    near(0.01, s.valueAt(1_000_000), "t=1e6");
  }

  @Test
  void stepDecayHalfEveryFiveEpochsAsPyImageSearch() {
    // lr0 * factor^floor((1 + epoch) / 5), lr0 = 0.01, factor = 0.5
    StepSchedule s = new StepSchedule(0.01, 0.5, 5, 1, Unit.EPOCH);
    near(0.01, s.valueAt(0), "epoch 0: floor(1/5)=0"); // 0.01 * 0.5^0
    near(0.01, s.valueAt(3), "epoch 3: floor(4/5)=0");
    near(0.005, s.valueAt(4), "epoch 4: floor(5/5)=1"); // 0.01 * 0.5
    near(0.005, s.valueAt(8), "epoch 8: floor(9/5)=1");
    near(0.0025, s.valueAt(9), "epoch 9: floor(10/5)=2"); // 0.01 * 0.25
    near(0.01 / 128, s.valueAt(38), "epoch 38: floor(39/5)=7"); // 0.01 * 0.5^7 = 7.8125e-5
    near(3.90625e-5, s.valueAt(39), "epoch 39: floor(40/5)=8"); // 0.01 / 256
  }

  @Test
  void stepDecayQuarterEveryFiveEpochs() {
    // lr0 = 0.01, factor = 0.25, offset 1
    StepSchedule s = new StepSchedule(0.01, 0.25, 5, 1, Unit.EPOCH);
    near(0.01, s.valueAt(3), "epoch 3");
    near(0.0025, s.valueAt(4), "epoch 4"); // 0.01 * 0.25
    near(0.000625, s.valueAt(9), "epoch 9"); // 0.01 * 0.0625
    near(1.52587890625e-7, s.valueAt(39), "epoch 39"); // 0.01 * 0.25^8 = 0.01 / 65536
  }

  @Test
  void stepDecayOffsetZeroIsPlainKerasStepDecay() {
    // lr0 * drop^floor(epoch / 5): first drop at epoch 5, not 4
    StepSchedule s = new StepSchedule(0.01, 0.5, 5, 0, Unit.EPOCH);
    near(0.01, s.valueAt(4), "epoch 4: floor(4/5)=0");
    near(0.005, s.valueAt(5), "epoch 5: floor(5/5)=1");
    near(0.0025, s.valueAt(10), "epoch 10: floor(10/5)=2");
  }

  @Test
  void timeDecayAsKerasSgdDecay() {
    // 0.01 / (1 + 0.00025 * t), t = optimizer updates so far
    TimeDecaySchedule s = new TimeDecaySchedule(0.01, 0.00025, Unit.ITERATION);
    near(0.01, s.valueAt(0), "t=0");
    near(0.01 / 1.1955, s.valueAt(782), "t=782: 1 + 0.00025*782 = 1.1955");
    near(0.005, s.valueAt(4000), "t=4000: 1 + 1 = 2");
    near(0.0025, s.valueAt(12000), "t=12000: 1 + 3 = 4");
    // The unit is the iteration by default: lr(iteration, epoch) reads the iteration.
    near(0.005, s.lr(4000, 5), "iteration 4000 of epoch 5");
  }

  @Test
  void piecewiseSeedFunction() {
    // if epoch < 3: 0.002; if epoch >= 3: 0.001; if epoch >= 5: 0.0005
    PiecewiseSchedule s =
        new PiecewiseSchedule(List.of(3L, 5L), List.of(0.002, 0.001, 0.0005), Unit.EPOCH);
    near(0.002, s.valueAt(0), "epoch 0");
    near(0.002, s.valueAt(2), "epoch 2");
    near(0.001, s.valueAt(3), "epoch 3");
    near(0.001, s.valueAt(4), "epoch 4");
    near(0.0005, s.valueAt(5), "epoch 5");
    near(0.0005, s.valueAt(39), "epoch 39");
  }

  @Test
  void exponentialAsKerasExponentialDecay() {
    // 0.1 * 0.5^(t / 10)
    ExponentialSchedule s = new ExponentialSchedule(0.1, 0.5, 10, false, Unit.EPOCH);
    near(0.1, s.valueAt(0), "t=0");
    near(0.1 / Math.sqrt(2), s.valueAt(5), "t=5: 0.5^0.5 = 1/sqrt(2)");
    near(0.05, s.valueAt(10), "t=10");
    near(0.0125, s.valueAt(30), "t=30: 0.5^3");
    ExponentialSchedule stairs = new ExponentialSchedule(0.1, 0.5, 10, true, Unit.EPOCH);
    near(0.1, stairs.valueAt(5), "staircase t=5: floor(0.5)=0");
    near(0.05, stairs.valueAt(19), "staircase t=19: floor(1.9)=1");
    near(0.025, stairs.valueAt(20), "staircase t=20: floor(2)=2");
  }

  @Test
  void polynomialAsKerasPolynomialDecay() {
    // (0.1 - 0.01) * (1 - min(t,10)/10)^1 + 0.01
    PolynomialSchedule linear = new PolynomialSchedule(0.1, 0.01, 10, 1, false, Unit.EPOCH);
    near(0.1, linear.valueAt(0), "t=0");
    near(0.055, linear.valueAt(5), "t=5: 0.09*0.5 + 0.01");
    near(0.01, linear.valueAt(10), "t=10: end_lr");
    near(0.01, linear.valueAt(20), "t=20: clamped at decay_steps");
    PolynomialSchedule square = new PolynomialSchedule(0.1, 0.01, 10, 2, false, Unit.EPOCH);
    near(0.0325, square.valueAt(5), "power 2, t=5: 0.09*0.25 + 0.01");
  }

  @Test
  void polynomialCycleRestartsAtEveryMultipleOfDecaySteps() {
    // decay over d = 10 * ceil(t/10) (1 at t=0): p = t/d
    PolynomialSchedule s = new PolynomialSchedule(0.1, 0.01, 10, 1, true, Unit.EPOCH);
    near(0.1, s.valueAt(0), "t=0: multiplier 1, p=0");
    near(0.055, s.valueAt(5), "t=5: d=10, p=0.5");
    near(0.01, s.valueAt(10), "t=10: ceil(1)=1, d=10, p=1 -> end_lr");
    near(0.0505, s.valueAt(11), "t=11: ceil(1.1)=2, d=20, p=0.55 -> 0.09*0.45 + 0.01");
    near(0.0325, s.valueAt(15), "t=15: d=20, p=0.75 -> 0.09*0.25 + 0.01");
    near(0.01, s.valueAt(20), "t=20: d=20, p=1");
    near(0.037, s.valueAt(21), "t=21: d=30, p=0.7 -> 0.09*0.3 + 0.01");
  }

  @Test
  void cosineAsKerasCosineDecay() {
    // 0.1 * 0.5 * (1 + cos(pi * min(t,6) / 6)), alpha 0
    CosineSchedule s = new CosineSchedule(0.1, 6, 0, Unit.EPOCH);
    near(0.1, s.valueAt(0), "t=0: cos 0 = 1");
    near(0.075, s.valueAt(2), "t=2: cos(pi/3) = 0.5 -> 0.5*1.5");
    near(0.05, s.valueAt(3), "t=3 halfway: cos(pi/2) = 0");
    near(0.025, s.valueAt(4), "t=4: cos(2pi/3) = -0.5 -> 0.5*0.5");
    assertEquals(0.0, s.valueAt(6), 1e-18, "t=6: cos(pi) = -1");
    assertEquals(0.0, s.valueAt(60), 1e-18, "t=60: clamped");
    // alpha 0.1: 0.1 * (0.9 * cosine + 0.1)
    CosineSchedule floor = new CosineSchedule(0.1, 6, 0.1, Unit.EPOCH);
    near(0.055, floor.valueAt(3), "alpha 0.1, t=3: 0.1*(0.9*0.5 + 0.1)");
    near(0.01, floor.valueAt(6), "alpha 0.1, t=6: 0.1*0.1");
    near(0.01, floor.valueAt(100), "alpha 0.1, beyond the end");
  }

  @Test
  void cosineRestartsDoublingPeriods() {
    // first 10, t_mul 2: periods [0,10), [10,30), [30,70), [70,150)
    CosineRestartsSchedule s = new CosineRestartsSchedule(0.1, 10, 2, 1, 0, Unit.EPOCH);
    near(0.1, s.valueAt(0), "t=0");
    near(0.05, s.valueAt(5), "t=5: halfway through period 0");
    near(0.1 * 0.5 * (1 + Math.cos(Math.PI * 9 / 10)), s.valueAt(9), "t=9: f=9/10");
    near(0.1, s.valueAt(10), "t=10: restart 1");
    near(0.05, s.valueAt(20), "t=20: period 1 is 20 long, f=10/20");
    near(0.1 * 0.5 * (1 + Math.cos(Math.PI * 19 / 20)), s.valueAt(29), "t=29: f=19/20");
    near(0.1, s.valueAt(30), "t=30: restart 2");
    near(0.05, s.valueAt(50), "t=50: period 2 is 40 long, f=20/40");
    near(0.1, s.valueAt(70), "t=70: restart 3");
    near(0.1, s.valueAt(150), "t=150: restart 4");
  }

  @Test
  void cosineRestartsTripledPeriodsRestartExactlyOnTime() {
    // first 10, t_mul 3: periods start at 0, 10, 40, 130 (10, 30, 90 long); at t=40 Keras's
    // log(1 + 4*2) / log 3 = log 9 / log 3 is 2 only up to rounding.
    CosineRestartsSchedule s = new CosineRestartsSchedule(0.1, 10, 3, 1, 0, Unit.EPOCH);
    near(0.05, s.valueAt(25), "t=25: period 1, f=15/30");
    near(0.1 * 0.5 * (1 + Math.cos(Math.PI * 29 / 30)), s.valueAt(39), "t=39: f=29/30");
    near(0.1, s.valueAt(40), "t=40: restart 2");
    near(0.05, s.valueAt(85), "t=85: period 2, f=45/90");
    near(0.1, s.valueAt(130), "t=130: restart 3");
    // restart 5 starts at 10 * (3^5 - 1) / 2 = 1210, where log(1 + 121*2) / log 3 comes out as
    // 4.999999999999999 in doubles: uncorrected, the rate would be at the bottom, not the top.
    near(0.1, s.valueAt(1210), "t=1210: restart 5");
  }

  @Test
  void cosineRestartsConstantPeriodsAndShrinkingPeaks() {
    // t_mul 1: every period is 10 long
    CosineRestartsSchedule flat = new CosineRestartsSchedule(0.1, 10, 1, 1, 0, Unit.EPOCH);
    near(0.1, flat.valueAt(10), "t=10: restart");
    near(0.05, flat.valueAt(15), "t=15: f=0.5");
    near(0.05, flat.valueAt(25), "t=25: f=0.5");
    near(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), flat.valueAt(19), "t=19: f=0.9");
    // m_mul 0.5, alpha 0.1: 0.1 * (0.9 * 0.5 * 0.5^i * (1 + cos(pi f)) + 0.1)
    CosineRestartsSchedule shrink = new CosineRestartsSchedule(0.1, 10, 2, 0.5, 0.1, Unit.EPOCH);
    near(0.1, shrink.valueAt(0), "t=0: 0.1*(0.9*1 + 0.1)");
    near(0.055, shrink.valueAt(10), "t=10: i=1 -> 0.1*(0.9*0.5 + 0.1)");
    near(0.0325, shrink.valueAt(30), "t=30: i=2 -> 0.1*(0.9*0.25 + 0.1)");
    near(0.0325, shrink.valueAt(20), "t=20: i=1, f=0.5 -> 0.1*(0.9*0.5*0.5*1 + 0.1)");
  }

  @Test
  void warmupCosineLinearWarmupThenHalfCosine() {
    // lr_max 0.1, warmup 5, total 15: warmup 0.1*t/5, then 0.1*0.5*(1+cos(pi*(t-5)/10))
    WarmupCosineSchedule s = new WarmupCosineSchedule(0.1, 5, 15, Warmup.LINEAR, 0.5, Unit.EPOCH);
    assertEquals(0.0, s.valueAt(0), 0.0, "t=0: 0.1*0/5");
    near(0.02, s.valueAt(1), "t=1: 0.1*1/5");
    near(0.08, s.valueAt(4), "t=4: 0.1*4/5");
    near(0.1, s.valueAt(5), "t=5: end of warmup, progress 0");
    near(0.05, s.valueAt(10), "t=10: progress 0.5, cos(pi/2)=0");
    assertEquals(0.0, s.valueAt(15), 1e-18, "t=15: progress 1, cos(pi) = -1");
    assertEquals(0.0, s.valueAt(30), 1e-18, "t=30: held at the end");
  }

  @Test
  void warmupCosineLogAndExpWarmupsAndFullCycle() {
    WarmupCosineSchedule log = new WarmupCosineSchedule(0.1, 5, 15, Warmup.LOG, 0.5, Unit.EPOCH);
    near(1e-6, log.valueAt(0), "log t=0: 0.1 * 0.1^5");
    near(0.01, log.valueAt(4), "log t=4: 0.1 * 0.1^1");
    near(0.1, log.valueAt(5), "log t=5: peak");
    WarmupCosineSchedule exp = new WarmupCosineSchedule(0.1, 5, 15, Warmup.EXP, 0.5, Unit.EPOCH);
    near(0.003125, exp.valueAt(0), "exp t=0: 0.1 / 2^5");
    near(0.05, exp.valueAt(4), "exp t=4: 0.1 / 2");
    // cycles 1: a full cosine, back at the peak at total_steps
    WarmupCosineSchedule full = new WarmupCosineSchedule(0.1, 5, 15, Warmup.LINEAR, 1, Unit.EPOCH);
    assertEquals(0.0, full.valueAt(10), 1e-18, "cycles 1, t=10: cos(2pi*0.5) = -1");
    near(0.1, full.valueAt(15), "cycles 1, t=15: cos(2pi) = 1");
    WarmupCosineSchedule none =
        new WarmupCosineSchedule(0.1, 0, 10, Warmup.LINEAR, 0.5, Unit.EPOCH);
    near(0.1, none.valueAt(0), "no warmup: starts at the peak");
  }

  @Test
  void lrReadsTheCounterItsUnitNames() {
    StepSchedule perEpoch = new StepSchedule(0.01, 0.5, 5, 1, Unit.EPOCH);
    StepSchedule perIteration = new StepSchedule(0.01, 0.5, 5, 1, Unit.ITERATION);
    // iteration 4 of epoch 0: only the iteration schedule has dropped (floor((1+4)/5) = 1)
    near(0.01, perEpoch.lr(4, 0), "epoch unit, epoch 0");
    near(0.005, perIteration.lr(4, 0), "iteration unit, iteration 4");
    // iteration 0 of epoch 4 (a fresh counter): the other way round
    near(0.005, perEpoch.lr(0, 4), "epoch unit, epoch 4");
    near(0.01, perIteration.lr(0, 4), "iteration unit, iteration 0");
  }
}
