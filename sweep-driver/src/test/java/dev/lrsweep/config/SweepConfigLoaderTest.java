package dev.lrsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, file, overrides and validation; grids are left empty here (no schedules needed). */
class SweepConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static List<String> messages(SweepConfigException e) {
    return e.errors().stream().map(ConfigError::toString).collect(Collectors.toList());
  }

  @Test
  void defaultsFileAndOverridesMergeWithOverridesWinning() throws Exception {
    Path f = write("s.conf", "training.epochs = 40\ndata.train_limit = 4000\nseed = 7\n");
    SweepConfig c = SweepConfigLoader.load(f, List.of("training.epochs=3", "data.train_limit=2000"));
    assertEquals(3, c.training().epochs(), "--set beats the file");
    assertEquals(2000, c.data().trainLimit(), "--set beats the file");
    assertEquals(7, c.seed(), "the file beats reference.conf");
    // untouched keys keep reference.conf's values (the seed article's protocol)
    assertEquals(64, c.training().batchSize());
    // the seed article's SGD: its registry defaults, not numbers written in reference.conf
    assertEquals(new dev.lrsweep.optim.Sgd(0.9, true), c.training().optimizer());
    assertEquals("minivgg", c.training().model());
    assertEquals("cifar10", c.data().dataset());
    assertEquals(1, c.repeats());
    assertEquals(500, c.maxTrials());
    assertEquals(Optional.empty(), c.data().path());
    assertEquals(f.toString(), c.source());
  }

  @Test
  void laterOverrideOfTheSameKeyWins() throws Exception {
    Path f = write("s.conf", "");
    SweepConfig c = SweepConfigLoader.load(f, List.of("repeats=2", "repeats=3"));
    assertEquals(3, c.repeats());
  }

  @Test
  void everyErrorIsReportedAtOnceWithFileLineKeyValueAndRule() throws Exception {
    Path f = write("bad.conf", String.join("\n",
        "training {",                 // 1
        "  epochs = 0",               // 2
        "  momentum = 1.5",           // 3
        "  optimizer = rmsprop",      // 4
        "}",                          // 5
        "data.train_limit = 60000",   // 6
        "repeats = \"two\"",          // 7
        "threads = 2.5",              // 8
        ""));
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()));
    List<String> m = messages(e);
    assertEquals(List.of(
        f + ":6: data.train_limit = 60000: must be an integer in [0, 50000] (0 = all; cifar10 has at most 50000)",
        f + ":2: training.epochs = 0: must be an integer in [1, 100000]",
        f + ":4: training.optimizer = \"rmsprop\": must be one of: adam, adamw, sgd",
        f + ":3: training.momentum = 1.5: must be in [0, 1)",
        f + ":7: repeats = \"two\": must be an integer in [1, 1000]",
        f + ":8: threads = 2.5: must be an integer in [1, 1024]"), m);
    assertTrue(e.getMessage().startsWith("6 configuration errors:"), e.getMessage());
  }

  @Test
  void sharingIsOnWithPairedSeedsUnlessSwitchedOffAndRefusedWithIndependentOnes() throws Exception {
    Path f = write("share.conf", "grid = [ { family = constant, lr = 0.01 } ]\n");
    assertTrue(SweepConfigLoader.load(f, List.of()).sharing(), "default: on with paired seeding");
    assertFalse(SweepConfigLoader.load(f, List.of("sharing = off")).sharing());
    assertTrue(SweepConfigLoader.load(f, List.of("sharing = on")).sharing());
    assertFalse(SweepConfigLoader.load(f, List.of("seeding = independent")).sharing(),
        "default: off with independent seeds");

    Path g = write("bad-share.conf", "seeding = independent\nsharing = on\ngrid = [ { family = constant, lr = 0.01 } ]\n");
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(g, List.of()));
    assertEquals(List.of(g + ":2: sharing = \"on\": = on needs seeding = paired: with independent seeds no two trials"
        + " start alike, so there is nothing to share (leave sharing out, or set it to off)"), messages(e));
    Path h = write("typo-share.conf", "sharing = yes\ngrid = [ { family = constant, lr = 0.01 } ]\n");
    e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(h, List.of()));
    assertEquals(List.of(h + ":1: sharing = \"yes\": must be one of: on, off (or null: on with paired seeding)"),
        messages(e));
  }

  @Test
  void unknownKeysAreErrorsNamingTheValidKeysAndANearMatch() throws Exception {
    Path f = write("typo.conf", "traning.epochs = 3\ndata { path = \"x\", train_limt = 10 }\n");
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()));
    List<String> m = messages(e);
    assertEquals(2, m.size(), m.toString());
    assertTrue(m.contains(f + ":2: data.train_limt = 10: unknown key 'train_limt' (did you mean 'train_limit'?);"
        + " valid keys in data: dataset, path, test_limit, train_limit"), m.toString());
    assertTrue(m.contains(f + ":1: traning.epochs = 3: unknown key 'traning' (did you mean 'training'?);"
        + " valid keys: data, grid, halving, max_trials, model, out, ranking, repeats, scheduler, seed, seeding, sharing,"
        + " threads, training"), m.toString());
  }

  @Test
  void overrideErrorsNameTheSetOption() throws Exception {
    Path f = write("s.conf", "");
    SweepConfigException e = assertThrows(SweepConfigException.class,
        () -> SweepConfigLoader.load(f, List.of("training.epochs=0", "training.nesterov=maybe")));
    assertEquals(List.of(
        "--set training.epochs: training.epochs = 0: must be an integer in [1, 100000]",
        "--set training.nesterov: training.nesterov = \"maybe\": must be true or false"), messages(e));
  }

  @Test
  void overrideValuesAreHoconButUriAndDoubleSlashTextIsKept() throws Exception {
    Path f = write("s.conf", "");
    SweepConfig c = SweepConfigLoader.load(f, List.of("data.path=hdfs://namenode:8020/data/cifar.tar.gz", "out=/tmp//x"));
    assertEquals(Optional.of("hdfs://namenode:8020/data/cifar.tar.gz"), c.data().path());
    assertEquals("--set data.path", c.data().pathOrigin());
    assertEquals(Path.of("/tmp//x"), c.out());
  }

  @Test
  void malformedOverrideMissingFileAndSyntaxErrorsAreFatal() throws Exception {
    Path f = write("s.conf", "");
    SweepConfigException noEquals = assertThrows(SweepConfigException.class,
        () -> SweepConfigLoader.load(f, List.of("training.epochs")));
    assertTrue(noEquals.getMessage().contains("expected key=value"), noEquals.getMessage());

    Path missing = dir.resolve("nope.conf");
    SweepConfigException notFound = assertThrows(SweepConfigException.class,
        () -> SweepConfigLoader.load(missing, List.of()));
    assertEquals(missing + ": (file): config file not found or not a regular file", notFound.errors().get(0).toString());

    Path broken = write("broken.conf", "seed = 1\ntraining {\n  epochs = \n");
    SweepConfigException syntax = assertThrows(SweepConfigException.class,
        () -> SweepConfigLoader.load(broken, List.of()));
    assertTrue(syntax.errors().get(0).location().startsWith(broken.toString() + ":"), syntax.getMessage());
  }

  @Test
  void batchLargerThanTheTrainingSubsetIsAnError() throws Exception {
    Path f = write("s.conf", "data.train_limit = 100\ntraining.batch_size = 128\n");
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()));
    assertEquals(List.of(f + ":2: training.batch_size = 128: must be at most the number of training images (100, data.train_limit)"),
        messages(e));
  }

  @Test
  void sectionThatIsNotAnObjectIsOneErrorNotAnEcho() throws Exception {
    Path f = write("s.conf", "training = 5\n");
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()));
    assertEquals(List.of(f + ":1: training = 5: must be an object with keys batch_size, beta_1, beta_2, epochs, epsilon,"
        + " momentum, nesterov, optimizer, weight_decay"), messages(e));
  }

  @Test
  void modelDatasetAndOptimizerComeFromTheirRegistriesWithFileLineErrors() throws Exception {
    Path ok = write("mnist.conf", String.join("\n",
        "model = mnist_cnn",
        "data { dataset = mnist, train_limit = 60000 }",
        "training { optimizer = adamw, weight_decay = 0.01 }",
        ""));
    SweepConfig c = SweepConfigLoader.load(ok, List.of());
    assertEquals("mnist_cnn", c.training().model());
    assertEquals("mnist", c.data().dataset());
    assertEquals(new dev.lrsweep.optim.AdamW(0.9, 0.999, 1e-7, 0.01), c.training().optimizer());

    Path f = write("bad-systems.conf", String.join("\n",
        "model = resnet",                                     // 1
        "data.dataset = svhn",                                // 2
        "training { optimizer = adam, momentum = 0.9 }",      // 3
        ""));
    assertEquals(List.of(
        f + ":2: data.dataset = \"svhn\": must be one of: cifar10, mnist",
        f + ":1: model = \"resnet\": must be one of: minivgg, mnist_cnn",
        f + ":3: training.momentum = 0.9: is not a parameter of adam (it takes beta_1, beta_2, epsilon)"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()))));

    Path g = write("mismatch.conf", "data.dataset = mnist\ndata.train_limit = 60001\ntraining.optimizer = adamw\n"
        + "training.weight_decay = -1\n");
    assertEquals(List.of(
        g + ":2: data.train_limit = 60001: must be an integer in [0, 60000] (0 = all; mnist has at most 60000)",
        g + ": model = \"minivgg\" (the default): must take the images of data.dataset = mnist: minivgg takes"
            + " 3x32x32 images (channels x height x width), the dataset has 1x28x28; set model to one that does"
            + " (minivgg, mnist_cnn)",
        g + ":4: training.weight_decay = -1: must be a number 0 or greater"),
        messages(assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(g, List.of()))));
  }

  @Test
  void gridShapeErrorsNeedNoSchedules() throws Exception {
    Path f = write("g.conf", String.join("\n",
        "grid = [",
        "  { lr0 = 0.01 }",                              // 2: no family
        "  7",                                           // 3: not an object
        "  { family = step, factor = [] }",              // 4: empty list
        "  { family = step, lr0 = { a = 1 } }",          // 5: object value
        "]",
        ""));
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepConfigLoader.load(f, List.of()));
    List<String> m = messages(e);
    assertEquals(4, m.size(), m.toString());
    assertTrue(m.get(0).startsWith(f + ":2: grid[0].family: must name a schedule family"), m.get(0));
    assertEquals(f + ":3: grid[1] = 7: must be an object such as { family = step, lr0 = 0.01 }", m.get(1));
    assertEquals(f + ":4: grid[2].factor = []: must not be an empty list; give one value or a list of values", m.get(2));
    assertEquals(f + ":5: grid[3].lr0 = {\"a\":1}: must be a number, boolean, string, or a list of them to sweep", m.get(3));
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    // traning -> training: one insertion; kitten -> sitting: the textbook 3
    assertEquals(1, editDistanceOf("traning", "training"));
    assertEquals(3, editDistanceOf("kitten", "sitting"));
    assertEquals(0, editDistanceOf("seed", "seed"));
    assertFalse(editDistanceOf("out", "grid") < 3);
  }

  private static int editDistanceOf(String a, String b) {
    return SweepConfigLoader.editDistance(a, b);
  }
}
