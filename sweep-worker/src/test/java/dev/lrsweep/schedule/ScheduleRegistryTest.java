package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.schedule.Schedule.Unit;
import dev.lrsweep.schedule.WarmupCosineSchedule.Warmup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Building schedules by name: parsing, defaults, rejections, labels and the params round trip. */
class ScheduleRegistryTest {

  /** One schedule of every family, each with some non-default parameter. */
  private static final List<Schedule> ONE_OF_EACH =
      List.of(
          new ConstantSchedule(0.01, Unit.EPOCH),
          new StepSchedule(0.01, 0.5, 5, 0, Unit.EPOCH),
          new TimeDecaySchedule(0.01, 0.00025, Unit.EPOCH),
          new PiecewiseSchedule(List.of(3L, 5L), List.of(0.002, 0.001, 0.0005), Unit.ITERATION),
          new ExponentialSchedule(0.1, 0.96, 1000, true, Unit.ITERATION),
          new PolynomialSchedule(0.1, 0.0001, 40, 2, true, Unit.EPOCH),
          new CosineSchedule(0.01, 40, 0.05, Unit.EPOCH),
          new CosineRestartsSchedule(0.01, 10, 1.5, 0.8, 0.01, Unit.EPOCH),
          new WarmupCosineSchedule(0.05, 500, 31280, Warmup.EXP, 1.5, Unit.ITERATION));

  @Test
  void familiesAreSortedAndComplete() {
    assertEquals(
        List.of(
            "constant",
            "cosine",
            "cosine_restarts",
            "exponential",
            "piecewise",
            "polynomial",
            "step",
            "time_decay",
            "warmup_cosine"),
        ScheduleRegistry.families());
    TreeSet<String> covered = new TreeSet<>();
    ONE_OF_EACH.forEach(s -> covered.add(s.family()));
    assertEquals(List.copyOf(covered), ScheduleRegistry.families(), "the test covers every family");
  }

  @Test
  void paramsRoundTripThroughTheRegistry() {
    for (Schedule s : ONE_OF_EACH) {
      assertEquals(s, ScheduleRegistry.create(s.family(), s.params()), s.label());
      assertEquals(
          ScheduleRegistry.parameterNames(s.family()),
          List.copyOf(s.params().keySet()),
          "params() lists every parameter of " + s.family());
      ScheduleRegistry.defaults(s.family())
          .forEach(
              (k, v) ->
                  assertEquals(
                      v.getClass(),
                      s.params().get(k).getClass(),
                      s.family() + "." + k + ": default and params() use one type"));
    }
  }

  @Test
  void paramsRoundTripThroughTheLabelsTextForm() {
    // The CLI passes every value as text; labels and CSV print numbers that read back exactly.
    for (Schedule s : ONE_OF_EACH) {
      Map<String, String> text = new HashMap<>();
      s.params().forEach((k, v) -> text.put(k, ScheduleRegistry.format(v)));
      assertEquals(s, ScheduleRegistry.create(s.family(), text), s.label());
    }
  }

  @Test
  void stringsNumbersAndListsAllParse() {
    Schedule fromText =
        ScheduleRegistry.create(
            "piecewise", Map.of("boundaries", "3,5", "values", "0.002, 0.001, 0.0005"));
    Schedule fromHocon =
        ScheduleRegistry.create(
            "piecewise",
            Map.of("boundaries", List.of(3, 5), "values", List.of(0.002, 0.001, 5e-4)));
    Schedule fromBrackets =
        ScheduleRegistry.create(
            "piecewise",
            Map.of("boundaries", "[3, 5.0]", "values", List.of("0.002", 0.001, "5e-4")));
    PiecewiseSchedule expected =
        new PiecewiseSchedule(List.of(3L, 5L), List.of(0.002, 0.001, 0.0005), Unit.EPOCH);
    assertEquals(expected, fromText);
    assertEquals(expected, fromHocon);
    assertEquals(expected, fromBrackets);

    Schedule exp =
        ScheduleRegistry.create(
            "exponential",
            Map.of(
                "lr0", "0.1",
                "decay_rate", 0.5f,
                "decay_steps", "10",
                "staircase", "TRUE",
                "unit", "Iteration"));
    assertEquals(new ExponentialSchedule(0.1, 0.5, 10, true, Unit.ITERATION), exp);
  }

  @Test
  void leftOutParametersTakeTheirDefaults() {
    assertEquals(
        new StepSchedule(0.01, 0.5, 5, 1, Unit.EPOCH),
        ScheduleRegistry.create("step", Map.of("lr0", 0.01, "factor", 0.5, "drop_every", 5)));
    assertEquals(
        new TimeDecaySchedule(0.01, 0.00025, Unit.ITERATION),
        ScheduleRegistry.create("time_decay", Map.of("lr0", 0.01, "decay", 0.00025)));
    assertEquals(
        new CosineRestartsSchedule(0.1, 10, 2, 1, 0, Unit.EPOCH),
        ScheduleRegistry.create("cosine_restarts", Map.of("lr0", 0.1, "first_decay_steps", 10)));
    assertEquals(
        new WarmupCosineSchedule(0.1, 5, 40, Warmup.LINEAR, 0.5, Unit.EPOCH),
        ScheduleRegistry.create(
            "warmup_cosine", Map.of("lr_max", 0.1, "warmup_steps", 5, "total_steps", 40)));
  }

  @Test
  void labelsListNonDefaultParametersSortedAndCompact() {
    assertEquals(
        "step(drop_every=5,factor=0.5,lr0=0.01)",
        new StepSchedule(0.01, 0.5, 5, 1, Unit.EPOCH).label());
    assertEquals(
        "step(drop_every=5,factor=0.5,lr0=0.01,offset=0,unit=iteration)",
        new StepSchedule(0.01, 0.5, 5, 0, Unit.ITERATION).label());
    assertEquals(
        "piecewise(boundaries=[3,5],values=[0.002,0.001,0.0005])",
        new PiecewiseSchedule(List.of(3L, 5L), List.of(0.002, 0.001, 0.0005), Unit.EPOCH)
            .label());
    // time_decay counts iterations by default, so an epoch unit is what needs saying
    assertEquals(
        "time_decay(decay=0.00025,lr0=0.01,unit=epoch)",
        new TimeDecaySchedule(0.01, 0.00025, Unit.EPOCH).label());
    assertEquals("constant(lr=100)", new ConstantSchedule(100.0, Unit.EPOCH).label());
    assertEquals("constant(lr=1E-7)", new ConstantSchedule(1e-7, Unit.EPOCH).label());
    assertEquals(
        "polynomial(decay_steps=40,end_lr=0,lr0=0.1)",
        new PolynomialSchedule(0.1, 0.0, 40, 1, false, Unit.EPOCH).label());
  }

  @Test
  void schedulesSurviveJavaSerialization() throws Exception {
    for (Schedule s : ONE_OF_EACH) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(s);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(s, in.readObject());
      }
    }
  }

  @Test
  void paramsAreUnmodifiable() {
    Schedule s = ONE_OF_EACH.get(1);
    assertThrows(UnsupportedOperationException.class, () -> s.params().put("lr0", 1.0));
  }

  private static InvalidScheduleException rejects(String family, Map<String, ?> params) {
    return assertThrows(
        InvalidScheduleException.class, () -> ScheduleRegistry.create(family, params));
  }

  @Test
  void unknownFamilyListsTheValidOnes() {
    InvalidScheduleException e = rejects("stepp", Map.of());
    assertEquals("family", e.parameter());
    assertEquals("stepp", e.value());
    assertEquals(
        "stepp: family must be one of constant, cosine, cosine_restarts, exponential, piecewise,"
            + " polynomial, step, time_decay, warmup_cosine, found stepp",
        e.getMessage());
  }

  @Test
  void badFactorNamesFamilyParameterValueAndRule() {
    InvalidScheduleException e =
        rejects("step", Map.of("lr0", 0.01, "factor", 1.5, "drop_every", 5));
    assertEquals("step: factor must be in (0, 1], found 1.5", e.getMessage());
    assertEquals("step", e.family());
    assertEquals("factor", e.parameter());
    assertEquals("1.5", e.value());
    assertEquals("factor", rejects("step", Map.of("lr0", 0.01, "factor", 0, "drop_every", 5))
        .parameter());
  }

  @Test
  void unknownAndMissingParametersAreNamed() {
    InvalidScheduleException unknown =
        rejects("step", Map.of("lr0", 0.01, "factor", 0.5, "drop_evry", 5));
    assertEquals("drop_evry", unknown.parameter());
    assertTrue(
        unknown.getMessage().contains("it takes drop_every, factor, lr0, offset, unit"),
        unknown.getMessage());
    InvalidScheduleException missing = rejects("step", Map.of("lr0", 0.01, "factor", 0.5));
    assertEquals("step: drop_every is required, found nothing", missing.getMessage());
  }

  @Test
  void badRatesAreRejected() {
    assertEquals("lr", rejects("constant", Map.of("lr", -0.1)).parameter());
    assertEquals("lr", rejects("constant", Map.of("lr", 0)).parameter());
    assertEquals("lr", rejects("constant", Map.of("lr", Double.NaN)).parameter());
    assertEquals("lr", rejects("constant", Map.of("lr", "Infinity")).parameter());
    assertEquals(
        "time_decay: decay must be a finite number >= 0, found -1.0",
        rejects("time_decay", Map.of("lr0", 0.01, "decay", -1)).getMessage());
  }

  @Test
  void wrongTypesAreRejected() {
    assertEquals(
        "constant: lr must be a number, found 'abc'",
        rejects("constant", Map.of("lr", "abc")).getMessage());
    assertEquals(
        "step: drop_every must be a whole number, found 2.5",
        rejects("step", Map.of("lr0", 0.01, "factor", 0.5, "drop_every", 2.5)).getMessage());
    assertEquals(
        "exponential: staircase must be true or false, found 'yes'",
        rejects(
                "exponential",
                Map.of("lr0", 0.1, "decay_rate", 0.5, "decay_steps", 10, "staircase", "yes"))
            .getMessage());
    assertEquals(
        "constant: unit must be one of epoch, iteration, found 'week'",
        rejects("constant", Map.of("lr", 0.1, "unit", "week")).getMessage());
    assertEquals("lr", rejects("constant", Map.of("lr", List.of(0.1))).parameter());
  }

  @Test
  void piecewiseShapeIsChecked() {
    assertEquals(
        "piecewise: boundaries must be strictly ascending, found [5, 3]",
        rejects("piecewise", Map.of("boundaries", "5,3", "values", "0.1,0.01,0.001"))
            .getMessage());
    assertEquals(
        "boundaries",
        rejects("piecewise", Map.of("boundaries", "3,3", "values", "0.1,0.01,0.001"))
            .parameter());
    assertEquals(
        "piecewise: values must have one more entry than boundaries (3, for 2 boundaries),"
            + " found [0.1, 0.01]",
        rejects("piecewise", Map.of("boundaries", "3,5", "values", "0.1,0.01")).getMessage());
    assertEquals(
        "values",
        rejects("piecewise", Map.of("boundaries", "3", "values", "0.1,-0.01")).parameter());
  }

  @Test
  void stepCountsAndShapesAreChecked() {
    assertEquals(
        "exponential: decay_steps must be >= 1, found 0",
        rejects("exponential", Map.of("lr0", 0.1, "decay_rate", 0.5, "decay_steps", 0))
            .getMessage());
    assertEquals(
        "decay_rate",
        rejects("exponential", Map.of("lr0", 0.1, "decay_rate", 96, "decay_steps", 10))
            .parameter());
    assertEquals(
        "decay_steps",
        rejects("cosine", Map.of("lr0", 0.1, "decay_steps", -5)).parameter());
    assertEquals(
        "decay_steps",
        rejects("polynomial", Map.of("lr0", 0.1, "end_lr", 0.0, "decay_steps", 0)).parameter());
    assertEquals(
        "alpha", rejects("cosine", Map.of("lr0", 0.1, "decay_steps", 5, "alpha", 2)).parameter());
    assertEquals(
        "t_mul",
        rejects("cosine_restarts", Map.of("lr0", 0.1, "first_decay_steps", 5, "t_mul", 0.5))
            .parameter());
    assertEquals(
        "warmup_cosine: warmup_steps must be below total_steps (40) so that some decay remains,"
            + " found 40",
        rejects("warmup_cosine", Map.of("lr_max", 0.1, "warmup_steps", 40, "total_steps", 40))
            .getMessage());
    assertEquals(
        "warmup",
        rejects(
                "warmup_cosine",
                Map.of("lr_max", 0.1, "warmup_steps", 4, "total_steps", 40, "warmup", "cubic"))
            .parameter());
  }

  @Test
  void constructorsValidateToo() {
    InvalidScheduleException e =
        assertThrows(
            InvalidScheduleException.class, () -> new StepSchedule(0.01, 1.5, 5, 1, Unit.EPOCH));
    assertEquals("step: factor must be in (0, 1], found 1.5", e.getMessage());
    assertThrows(
        InvalidScheduleException.class, () -> new StepSchedule(0.01, 0.5, 5, 1, null));
  }
}
