package dev.lrsweep.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming tar reader (POSIX ustar, with GNU long names and pax path/size records):
 * just enough to stream the CIFAR-10 archive without unpacking it to disk or adding a
 * dependency. Entries are read in archive order; {@link #content()} is valid until the next
 * {@link #next()}.
 */
final class TarReader {
  static final int BLOCK = 512;

  /** One archive member; {@code type} is the ustar type flag ('0' or NUL for a regular file). */
  record Entry(String name, long size, char type) {
    boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }
  }

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private long position; // bytes consumed from `in`, for error messages
  private long remaining; // content bytes of the current entry not yet consumed
  private long padding; // bytes after the content up to the next block boundary

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end-of-archive marker (or a clean end between entries). */
  Entry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    Long paxSize = null;
    while (true) {
      long headerAt = position;
      int got = readBlock(header);
      if (got == 0) {
        return null;
      }
      if (got < BLOCK) {
        throw new EOFException(
            "archive ends inside the tar header at byte " + headerAt + " (" + got + " of "
                + BLOCK + " bytes)");
      }
      if (isZero(header)) {
        return null;
      }
      checkChecksum(headerAt);
      char type = (char) (header[156] & 0xFF);
      long size = parseSize(headerAt);
      String name = string(header, 0, 100);
      // POSIX ustar ("ustar\0") splits long names into prefix + name; old GNU tar ("ustar  ",
      // as in the official archive) keeps access/change times at the prefix offsets instead.
      if (string(header, 257, 6).equals("ustar") && header[262] == 0) {
        String prefix = string(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      if (type == 'L' || type == 'x' || type == 'g') {
        byte[] data = readMeta(size, headerAt);
        if (type == 'L') {
          longName = string(data, 0, data.length);
        } else if (type == 'x') {
          String paxPath = paxValue(data, "path");
          if (paxPath != null) {
            longName = paxPath;
          }
          String paxSizeText = paxValue(data, "size");
          if (paxSizeText != null) {
            paxSize = Long.parseLong(paxSizeText);
          }
        }
        continue;
      }
      if (longName != null) {
        name = longName;
      }
      if (paxSize != null) {
        size = paxSize;
      }
      remaining = size;
      padding = (BLOCK - size % BLOCK) % BLOCK;
      return new Entry(name, size, type);
    }
  }

  /**
   * The current entry's content; reads end at its declared size, or early (returning -1) when
   * the archive itself ends first, which the caller reports as truncation.
   */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
          remaining -= n;
          position += n;
        }
        return n;
      }
    };
  }

  /** Reads to the end of the underlying stream (so gzip checks its trailer: CRC and length). */
  void drain() throws IOException {
    byte[] scratch = new byte[8192];
    while (in.read(scratch) >= 0) {
      // nothing: only the integrity check at the end matters
    }
  }

  private byte[] readMeta(long size, long headerAt) throws IOException {
    if (size > (1 << 20)) {
      throw new IOException(
          "tar header at byte " + headerAt + " declares a " + size
              + "-byte name/pax record, expected at most 1 MiB");
    }
    byte[] data = new byte[(int) size];
    int got = in.readNBytes(data, 0, data.length);
    position += got;
    if (got < data.length) {
      throw new EOFException("archive ends inside the tar record at byte " + headerAt);
    }
    skip((BLOCK - size % BLOCK) % BLOCK);
    return data;
  }

  private int readBlock(byte[] block) throws IOException {
    int got = in.readNBytes(block, 0, BLOCK);
    position += got;
    return got;
  }

  private void skip(long n) throws IOException {
    byte[] scratch = new byte[8192];
    while (n > 0) {
      int got = in.read(scratch, 0, (int) Math.min(scratch.length, n));
      if (got < 0) {
        throw new EOFException("archive ends inside an entry, " + n + " bytes short");
      }
      n -= got;
      position += got;
    }
  }

  private void checkChecksum(long headerAt) throws IOException {
    long stored = parseOctal(header, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
    }
    if (stored != sum) {
      throw new IOException(
          "tar header at byte " + headerAt + " has checksum " + stored + ", computed " + sum
              + " (corrupt archive)");
    }
  }

  private long parseSize(long headerAt) throws IOException {
    if ((header[124] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
      long v = header[124] & 0x7F;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (header[i] & 0xFF);
      }
      return v;
    }
    long size = parseOctal(header, 124, 12);
    if (size < 0) {
      throw new IOException("tar header at byte " + headerAt + " has an unreadable size field");
    }
    return size;
  }

  /** Octal digits, leading spaces allowed, ended by NUL or space; -1 if none. */
  private static long parseOctal(byte[] b, int off, int len) {
    long v = 0;
    boolean any = false;
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c == 0 || (c == ' ' && any)) {
        break;
      }
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '7') {
        return -1;
      }
      v = (v << 3) + (c - '0');
      any = true;
    }
    return any ? v : -1;
  }

  private static String paxValue(byte[] data, String key) {
    String text = new String(data, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      int eq = line.indexOf('=');
      if (space > 0 && eq > space && line.substring(space + 1, eq).equals(key)) {
        return line.substring(eq + 1);
      }
    }
    return null;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
