package dev.lrsweep.train;

import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialSpec;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;

/** Where and with what a trial ran. */
final class ProvenanceInfo {
  private ProvenanceInfo() {}

  static Provenance collect(TrialSpec spec, String startedAt) {
    return new Provenance(
        version(TrialTrainer.class, "META-INF/maven/dev.lrsweep/sweep-worker/pom.properties"),
        version(org.nd4j.linalg.factory.Nd4j.class, "META-INF/maven/org.nd4j/nd4j-api/pom.properties"),
        nativeBuild(),
        host(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        spec.threads(),
        spec.seed(),
        startedAt,
        spec.model(),
        spec.data().dataset(),
        spec.optimizer().label());
  }

  /** The Maven version from a jar's pom.properties, else the package's, else "unknown". */
  private static String version(Class<?> anchor, String pomProperties) {
    try (InputStream in = anchor.getClassLoader().getResourceAsStream(pomProperties)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (java.io.IOException e) {
      // fall through to the manifest
    }
    String v = anchor.getPackage().getImplementationVersion();
    return v == null ? "unknown (not from a jar)" : v;
  }

  /**
   * The libnd4j build JavaCPP loaded, from the directory it came from
   * ({@code .../bindings/linux-x86_64-onednn-avx512/libnd4jcpu.so}).
   */
  static String nativeBuild() {
    try {
      for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
        String path = e.getValue();
        if (path != null && path.contains("libnd4jcpu")) {
          String[] parts = path.replace('\\', '/').split("/");
          return parts.length >= 2 ? parts[parts.length - 2] : path;
        }
      }
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
