package dev.lrsweep.halving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.TrialJson;
import dev.lrsweep.store.TrialRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished rungs of a halving sweep, so a rerun after a crash redoes nothing that finished:
 * {@value #FILE} in OUT holds one line per trial per rung it finished, {@code {"rung": k,
 * "resumed_from_epoch": e, "checkpoint": "checkpoints/<id>/rung-<k>.ckpt", "record": {...}}}
 * (the record as in {@code results.jsonl}), and the checkpoint files the driver wrote from the
 * tasks' results. A checkpoint is written (to a temporary name, then moved) before its line, so a
 * line names a complete file; {@link #checkpoint} checks it is still there.
 *
 * <p>{@code results.jsonl} holds only terminal lines (COMPLETED after the last rung, STOPPED,
 * DIVERGED, FAILED); this log holds the progress in between.
 */
public final class RungLog implements Closeable {
  /** The log's file name in OUT. */
  public static final String FILE = "rungs.jsonl";
  /** The checkpoint directory in OUT. */
  public static final String CHECKPOINTS = "checkpoints";

  private static final Logger LOG = LoggerFactory.getLogger(RungLog.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One trial's finished rung.
   *
   * @param rung the rung index
   * @param resumedFromEpoch the epoch its segment started at
   * @param checkpoint the checkpoint file (relative to OUT), empty after the last rung
   * @param record the trial as it stood after the rung (status COMPLETED)
   */
  public record Entry(int rung, int resumedFromEpoch, Optional<String> checkpoint, TrialRecord record) {}

  private final OutputDir out;
  private final FileChannel channel;
  private final Map<Integer, Map<String, Entry>> entries;

  private RungLog(OutputDir out, FileChannel channel, Map<Integer, Map<String, Entry>> entries) {
    this.out = out;
    this.channel = channel;
    this.entries = entries;
  }

  /** Opens (creating) the log in {@code out}, reading the lines already there. */
  public static RungLog open(OutputDir out) throws IOException {
    Path file = out.resolve(FILE);
    Map<Integer, Map<String, Entry>> entries = new HashMap<>();
    boolean unterminated = false;
    if (Files.exists(file)) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      unterminated = !content.isEmpty() && !content.endsWith("\n");
      String[] lines = content.split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          Entry e = parse(lines[i]);
          entries.computeIfAbsent(e.rung(), k -> new HashMap<>()).put(e.record().trialId(), e);
        } catch (IOException | RuntimeException e) {
          LOG.warn("{}:{}: skipped an unreadable line ({}); that rung of that trial runs again", file, i + 1,
              e.getMessage());
        }
      }
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (unterminated) {
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    return new RungLog(out, channel, entries);
  }

  private static Entry parse(String line) throws IOException {
    JsonNode o = MAPPER.readTree(line);
    JsonNode checkpoint = o.get("checkpoint");
    return new Entry(o.get("rung").asInt(), o.get("resumed_from_epoch").asInt(),
        checkpoint == null || checkpoint.isNull() ? Optional.empty() : Optional.of(checkpoint.asText()),
        TrialJson.read(o.get("record").toString()));
  }

  /** The trial's entry at rung {@code k}, if it finished that rung. */
  public synchronized Optional<Entry> entry(int k, String trialId) {
    return Optional.ofNullable(entries.getOrDefault(k, Map.of()).get(trialId));
  }

  /** The checkpoint file of an entry, if the entry has one and the file is still there. */
  public Optional<Path> checkpoint(Entry e) {
    return e.checkpoint().map(out::resolve).filter(Files::isRegularFile);
  }

  /** Where trial {@code trialId}'s checkpoint after rung {@code k} lives. */
  public static String checkpointName(String trialId, int k) {
    return CHECKPOINTS + "/" + trialId + "/rung-" + k + ".ckpt";
  }

  /**
   * Records a finished rung: the checkpoint bytes (if any) to their file, then the line, forced
   * to disk.
   */
  public synchronized Entry append(int k, int resumedFromEpoch, byte[] checkpoint, TrialRecord record)
      throws IOException {
    Optional<String> name = Optional.empty();
    if (checkpoint.length > 0) {
      name = Optional.of(checkpointName(record.trialId(), k));
      Path file = out.resolve(name.get());
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, checkpoint);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    String line = "{\"rung\":" + k + ",\"resumed_from_epoch\":" + resumedFromEpoch + ",\"checkpoint\":"
        + name.map(n -> "\"" + n + "\"").orElse("null") + ",\"record\":" + TrialJson.write(record) + "}\n";
    ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
    Entry e = new Entry(k, resumedFromEpoch, name, record);
    entries.computeIfAbsent(k, x -> new HashMap<>()).put(record.trialId(), e);
    return e;
  }

  /** Deletes {@code trialId}'s checkpoints except rung {@code keepRung}'s (-1: all), and its directory once empty. */
  public void deleteCheckpoints(String trialId, int keepRung, int rungs) throws IOException {
    for (int k = 0; k < rungs; k++) {
      if (k != keepRung) {
        Files.deleteIfExists(out.resolve(checkpointName(trialId, k)));
      }
    }
    Path dir = out.resolve(CHECKPOINTS + "/" + trialId);
    if (Files.isDirectory(dir)) {
      try (var list = Files.list(dir)) {
        if (list.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }

  /** Entries of rung {@code k}, any order. */
  public synchronized List<Entry> entries(int k) {
    return List.copyOf(entries.getOrDefault(k, Map.of()).values());
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
