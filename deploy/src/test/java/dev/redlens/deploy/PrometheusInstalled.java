package dev.redlens.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure Debian's {@code prometheus} package ({@code prometheus} and {@code promtool}) is
 * installed. When a binary is missing and the tests run as root with {@code apt-get}, it installs
 * the package once (without recommended packages; the output goes to {@code
 * target/prometheus-install.log}); otherwise it fails saying what to install. Never skips.
 */
final class PrometheusInstalled {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static boolean checked;

  private PrometheusInstalled() {}

  static synchronized void ensure() throws IOException, InterruptedException {
    if (checked || installed()) {
      checked = true;
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!root || !apt) {
      throw new IllegalStateException(
          "The operations-kit tests need "
              + PROMETHEUS
              + " and "
              + PROMTOOL
              + " (Debian package prometheus). Install it with: sudo apt-get update && sudo "
              + "apt-get install -y --no-install-recommends prometheus"
              + (apt ? " (the tests install it themselves only when run as root)" : ""));
    }
    Path log = Path.of("target", "prometheus-install.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    apt(log, "update", "-qq");
    apt(log, "install", "-y", "-qq", "--no-install-recommends", "prometheus");
    if (!installed()) {
      throw new IllegalStateException(
          "apt-get installed prometheus, but " + PROMETHEUS + " or " + PROMTOOL + " is missing");
    }
    checked = true;
  }

  private static boolean installed() {
    return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
  }

  private static void apt(Path log, String... args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // non-interactive. The tests run their own prometheus; whether the package's system service
    // starts too is the machine's policy (container images' policy-rc.d forbids it; see README)
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process = pb.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took over 15 min; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + process.exitValue() + "); see " + log);
    }
  }
}
