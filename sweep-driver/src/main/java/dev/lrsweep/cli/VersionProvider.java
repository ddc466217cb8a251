package dev.lrsweep.cli;

import picocli.CommandLine;

/** Version from the jar manifest (Implementation-Version), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"lrsweep " + (v == null ? "dev" : v)};
  }
}
