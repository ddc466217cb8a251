package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading through Hadoop's FileSystem ({@code file:} URIs; hdfs:/s3a: use the same code). */
class HadoopStorageTest {
  private static final int N = 20;

  @TempDir Path tmp;

  @Test
  void fileUriGoesThroughHadoopAndReadsTheSameBytes() throws IOException {
    Map<String, byte[]> files = SyntheticCifar.files(N);
    Path dir = SyntheticCifar.writeDirectory(tmp.resolve("x"), files);
    Path archive = SyntheticCifar.writeArchive(tmp.resolve("c.tar.gz"), files);
    CifarReader reader = new CifarReader(N);

    assertInstanceOf(HadoopStorage.class, Storage.forLocation(dir.toUri().toString()));
    assertInstanceOf(LocalStorage.class, Storage.forLocation(dir.toString()));

    ImageDataset local = reader.read(dir.toString());
    ImageDataset viaHadoopDir = reader.read(dir.toUri().toString());
    ImageDataset viaHadoopParent = reader.read(dir.getParent().toUri().toString());
    ImageDataset viaHadoopArchive = reader.read(archive.toUri().toString());
    for (ImageDataset d : new ImageDataset[] {viaHadoopDir, viaHadoopParent, viaHadoopArchive}) {
      assertEquals(SyntheticCifar.CLASS_NAMES, d.classNames());
      assertEquals(local.train().size(), d.train().size());
      assertEquals(local.test().size(), d.test().size());
      for (int i = 0; i < local.train().size(); i++) {
        assertEquals(local.train().label(i), d.train().label(i));
        assertArrayEquals(local.train().imageBytes(i), d.train().imageBytes(i));
      }
      for (int i = 0; i < local.test().size(); i++) {
        assertArrayEquals(local.test().imageBytes(i), d.test().imageBytes(i));
      }
    }
  }

  @Test
  void missingUriLocationSaysWhereItLooked() {
    String uri = tmp.resolve("absent").toUri().toString();
    CifarFormatException e =
        assertThrows(CifarFormatException.class, () -> new CifarReader(N).read(uri));
    assertTrue(e.getMessage().startsWith("CIFAR-10 not found: " + uri), e.getMessage());
  }
}
