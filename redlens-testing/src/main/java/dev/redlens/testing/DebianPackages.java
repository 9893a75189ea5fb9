package dev.redlens.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the programs a test needs from Debian's packages (Chromium for the dashboard test,
 * Prometheus for the operations kit) are installed. When one is missing and the tests run as root
 * with {@code apt-get}, it installs the packages once, without recommended packages, its output in
 * {@code target/<first package>-install.log}; otherwise it fails saying what to install. A test
 * that needs them is never skipped.
 */
public final class DebianPackages {

  private DebianPackages() {}

  /**
   * Installs {@code packages} unless every one of {@code binaries} is already executable.
   *
   * @param purpose what needs them, for the error message (e.g. "The dashboard test")
   * @throws IllegalStateException if they are missing and cannot be installed here
   */
  public static synchronized void ensure(String purpose, List<Path> binaries, String... packages)
      throws IOException, InterruptedException {
    if (installed(binaries)) {
      return;
    }
    String names = String.join(" ", packages);
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!root || !apt) {
      throw new IllegalStateException(
          purpose
              + " needs "
              + binaries
              + " (Debian packages "
              + names
              + "). Install them with: sudo apt-get update && sudo apt-get install -y"
              + " --no-install-recommends "
              + names
              + (apt ? " (the tests install them themselves only when run as root)" : ""));
    }
    Path log = Path.of("target", packages[0] + "-install.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    apt(log, "update", "-qq");
    List<String> install = new ArrayList<>(List.of("install", "-y", "-qq"));
    install.add("--no-install-recommends");
    install.addAll(List.of(packages));
    apt(log, install.toArray(String[]::new));
    if (!installed(binaries)) {
      throw new IllegalStateException(
          "apt-get installed " + names + ", but one of " + binaries + " is missing; see " + log);
    }
  }

  private static boolean installed(List<Path> binaries) {
    return binaries.stream().allMatch(Files::isExecutable);
  }

  private static void apt(Path log, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // non-interactive; whether a package's system service starts too is the machine's policy
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process = pb.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " did not finish in 15 minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with exit code "
              + process.exitValue()
              + "; see "
              + log
              + ":\n"
              + tail(log.toFile()));
    }
  }

  private static String tail(File file) throws IOException {
    List<String> lines = Files.readAllLines(file.toPath());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
