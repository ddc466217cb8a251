package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The engine's speed rests on libnd4j's oneDNN build (docs/ENGINE.md): the plain build of the same
 * version also sits on the class path (nd4j-native drags it in) and runs convolutions about 10x
 * slower. Whichever classifier the build selects (default or -Pavx512), the loaded library must be
 * the oneDNN one.
 */
class NativeBuildTest {

  @Test
  void theLoadedLibnd4jIsTheOneDnnBuild() {
    Nd4j.create(1); // loads the backend
    String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    assertTrue(info.contains("HAVE_ONEDNN"), "libnd4j build info lacks HAVE_ONEDNN:\n" + info);
  }
}
