package dev.lrsweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep's durable results in its output directory: {@value #RESULTS} (one JSON line per
 * finished trial, see {@link TrialJson}) and {@value #MANIFEST} (the resolved config and its
 * fingerprint).
 *
 * <p>{@link #append} writes each line in one write and forces it to disk before returning, so a
 * crash loses nothing that was reported finished. It is thread-safe; the driver calls it from
 * whichever thread receives a Spark task's result.
 *
 * <p>Opening an OUT that already has results resumes it: lines that cannot be read (the truncated
 * last line of a crash) are skipped with a warning, and the next append starts on a fresh line.
 * If the existing {@value #MANIFEST}'s fingerprint differs, opening is refused with the settings
 * that changed.
 */
public final class ResultStore implements Closeable {
  /** The results file's name in OUT. */
  public static final String RESULTS = "results.jsonl";
  /** The manifest's name in OUT. */
  public static final String MANIFEST = "sweep.json";

  private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OutputDir out;
  private final FileChannel channel;
  private final List<TrialRecord> lines;
  private final List<String> warnings;
  private boolean startOnNewLine;

  private ResultStore(OutputDir out, FileChannel channel, StoredResults existing, boolean startOnNewLine) {
    this.out = out;
    this.channel = channel;
    this.lines = new ArrayList<>(existing.lines());
    this.warnings = existing.warnings();
    this.startOnNewLine = startOnNewLine;
  }

  /**
   * Opens (creating it if needed) the store in {@code outDir} for the sweep described by {@code
   * manifest}, reading any results already there.
   *
   * @throws ResumeRefusedException when {@code outDir} holds a sweep with another fingerprint
   * @throws IOException when the directory or files cannot be read or written
   */
  public static ResultStore open(Path outDir, SweepManifest manifest) throws IOException, ResumeRefusedException {
    OutputDir out = new OutputDir(outDir);
    Files.createDirectories(out.root());
    Path manifestFile = out.resolve(MANIFEST);
    if (Files.exists(manifestFile)) {
      SweepManifest earlier;
      try {
        earlier = SweepManifest.fromJson(MAPPER.readTree(manifestFile.toFile()));
      } catch (IOException | IllegalArgumentException e) {
        throw new ResumeRefusedException(manifestFile + " is unreadable (" + e.getMessage() + "), so it cannot be"
            + " checked that its results match this sweep; choose another out (--set out=...) or delete " + out.root());
      }
      List<String> changes = manifest.changesSince(earlier);
      if (!changes.isEmpty()) {
        throw new ResumeRefusedException(out.root() + " holds results of a sweep with other settings ("
            + manifestFile + "):\n  " + String.join("\n  ", changes)
            + "\nResults are only comparable under the same data, training and seed: choose another out"
            + " (--set out=...) or delete " + out.root() + " to start over.");
      }
    }
    writeAtomically(manifestFile, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest.toJson()) + "\n");

    Path results = out.resolve(RESULTS);
    StoredResults existing = Files.exists(results) ? parse(results) : new StoredResults(List.of(), List.of());
    existing.warnings().forEach(LOG::warn);
    boolean unterminated = Files.exists(results) && Files.size(results) > 0 && !endsWithNewline(results);
    FileChannel channel = FileChannel.open(results, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (!existing.lines().isEmpty()) {
      LOG.info("Resuming {}: {} results already there", results, existing.latest().size());
    }
    return new ResultStore(out, channel, existing, unterminated);
  }

  /**
   * Reads {@code outDir}'s results without opening it for writing ({@code sweep report}).
   *
   * @throws IOException when there is no {@value #RESULTS} or it cannot be read
   */
  public static StoredResults read(Path outDir) throws IOException {
    Path results = new OutputDir(outDir).resolve(RESULTS);
    if (!Files.isRegularFile(results)) {
      throw new java.nio.file.NoSuchFileException(results.toString(), null,
          "no " + RESULTS + " here; is this a sweep's output directory (the config's out)?");
    }
    StoredResults r = parse(results);
    r.warnings().forEach(LOG::warn);
    return r;
  }

  /** Appends one finished trial: one write of one line, then fsync. Thread-safe. */
  public synchronized void append(TrialRecord record) throws IOException {
    String line = (startOnNewLine ? "\n" : "") + TrialJson.write(record) + "\n";
    ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
    startOnNewLine = false;
    lines.add(record);
  }

  /** Everything read at open plus everything appended since. */
  public synchronized StoredResults results() {
    return new StoredResults(lines, warnings);
  }

  /** Ids that need not run again; see {@link StoredResults#finishedIds}. */
  public synchronized Set<String> finishedIds(boolean retryFailed) {
    return results().finishedIds(retryFailed);
  }

  /** The output directory. */
  public OutputDir outputDir() {
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  private static StoredResults parse(Path results) throws IOException {
    List<TrialRecord> records = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // decoded leniently: a crash may cut a multi-byte character in half
    String content = new String(Files.readAllBytes(results), StandardCharsets.UTF_8);
    boolean unterminated = !content.isEmpty() && !content.endsWith("\n");
    List<String> text = List.of(content.split("\n", -1));
    if (!unterminated && !text.isEmpty()) {
      text = text.subList(0, text.size() - 1);
    }
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        records.add(TrialJson.read(line));
      } catch (RuntimeException e) {
        boolean last = i == text.size() - 1 && unterminated;
        warnings.add(results + ":" + (i + 1) + ": skipped " + (last ? "a truncated last line (interrupted write)" : "an unreadable line")
            + ": " + e.getMessage() + "; that trial will run again");
      }
    }
    return new StoredResults(records, warnings);
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      if (c.size() == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      c.read(last, c.size() - 1);
      return last.get(0) == '\n';
    }
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
