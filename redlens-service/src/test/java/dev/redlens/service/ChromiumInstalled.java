package dev.redlens.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure Debian's {@code chromium} and {@code chromium-driver} are installed before a browser
 * test: when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing and the tests
 * run as root with {@code apt-get} available, it installs them (quietly, once; the output goes to
 * {@code target/chromium-install.log}); otherwise the test fails with a message saying what to
 * install. A browser test is never skipped.
 */
public final class ChromiumInstalled implements BeforeAllCallback {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ensureInstalled();
  }

  static synchronized void ensureInstalled() throws IOException, InterruptedException {
    if (installed()) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!root || !apt) {
      throw new IllegalStateException(
          "The dashboard test needs Debian's Chromium and ChromeDriver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ". Install them with: sudo apt-get update && sudo apt-get install -y chromium "
              + "chromium-driver"
              + (apt ? " (the tests install them themselves only when run as root)" : ""));
    }
    Path log = Path.of("target", "chromium-install.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    run(log, List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"));
    run(
        log,
        List.of(
            "apt-get",
            "-o",
            "DPkg::Lock::Timeout=600",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver"));
    if (!installed()) {
      throw new IllegalStateException(
          "apt-get installed chromium and chromium-driver, but "
              + CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is still missing; see "
              + log);
    }
  }

  private static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  private static void run(Path log, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
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
