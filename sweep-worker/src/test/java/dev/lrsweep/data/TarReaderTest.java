package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header variants the official archive and common tar writers produce. */
class TarReaderTest {

  private static void entry(ByteArrayOutputStream out, byte[] header, byte[] content)
      throws IOException {
    out.write(header);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void readsPlainPrefixedGnuLongNameAndPaxEntriesInOrder() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry(out, SyntheticCifar.header("a/plain.bin", 3, '0'), new byte[] {1, 2, 3});

    byte[] prefixed = SyntheticCifar.header("name.bin", 1, '0');
    SyntheticCifar.put(prefixed, 345, "long/prefix");
    entry(out, SyntheticCifar.checksum(prefixed), new byte[] {4});

    String longName = "cifar-10-batches-bin/" + "x".repeat(120) + "/test_batch.bin";
    entry(out, SyntheticCifar.header("././@LongLink", longName.length() + 1, 'L'),
        ascii(longName + "\0"));
    entry(out, SyntheticCifar.header("truncated-name", 2, '0'), new byte[] {5, 6});

    // pax record "<length> path=<value>\n", the length counting the whole record:
    // "21" + " " + "path=pax/meta.txt" (17) + "\n" = 2 + 1 + 17 + 1 = 21
    String pax = "21 path=pax/meta.txt\n";
    assertEquals(21, pax.length());
    entry(out, SyntheticCifar.header("PaxHeaders/meta", pax.length(), 'x'), ascii(pax));
    entry(out, SyntheticCifar.header("short", 1, '0'), new byte[] {7});

    // old GNU magic: the bytes at the POSIX prefix offset are times, not part of the name
    byte[] gnu = SyntheticCifar.header("gnu.bin", 1, '0');
    SyntheticCifar.put(gnu, 257, "ustar  \0");
    SyntheticCifar.put(gnu, 345, "14650034131");
    entry(out, SyntheticCifar.checksum(gnu), new byte[] {8});
    out.write(new byte[1024]);

    TarReader tar = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    assertEntry(tar, "a/plain.bin", new byte[] {1, 2, 3});
    assertEntry(tar, "long/prefix/name.bin", new byte[] {4});
    assertEntry(tar, longName, new byte[] {5, 6});
    assertEntry(tar, "pax/meta.txt", new byte[] {7});
    assertEntry(tar, "gnu.bin", new byte[] {8});
    assertNull(tar.next());
  }

  @Test
  void unreadContentIsSkipped() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry(out, SyntheticCifar.header("big", 1000, '0'), new byte[1000]);
    entry(out, SyntheticCifar.header("next", 1, '0'), new byte[] {9});
    out.write(new byte[1024]);
    TarReader tar = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    assertEquals("big", tar.next().name());
    assertEntry(tar, "next", new byte[] {9});
  }

  @Test
  void corruptHeaderChecksumIsReported() {
    byte[] header = SyntheticCifar.header("data_batch_1.bin", 0, '0');
    header[0] = 'D'; // changed after the checksum was computed: 'D' is 32 less than 'd'
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    TarReader tar = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    IOException e = assertThrows(IOException.class, tar::next);
    assertTrue(e.getMessage().startsWith("tar header at byte 0 has checksum "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(corrupt archive)"), e.getMessage());
  }

  @Test
  void headerCutShortIsAnEndOfFile() {
    byte[] header = SyntheticCifar.header("data_batch_1.bin", 0, '0');
    TarReader tar = new TarReader(new ByteArrayInputStream(header, 0, 300));
    IOException e = assertThrows(IOException.class, tar::next);
    assertEquals(
        "archive ends inside the tar header at byte 0 (300 of 512 bytes)", e.getMessage());
  }

  private static void assertEntry(TarReader tar, String name, byte[] content) throws IOException {
    TarReader.Entry e = tar.next();
    assertEquals(name, e.name());
    assertEquals(content.length, e.size());
    assertArrayEquals(content, tar.content().readAllBytes());
  }
}
