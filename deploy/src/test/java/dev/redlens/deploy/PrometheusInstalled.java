package dev.redlens.deploy;

import dev.redlens.testing.DebianPackages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure Debian's {@code prometheus} package ({@code prometheus} and {@code promtool}) is
 * installed: by {@link DebianPackages} when the tests run as root, else the test fails saying what
 * to install. Never skips.
 */
final class PrometheusInstalled {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private PrometheusInstalled() {}

  static void ensure() throws IOException, InterruptedException {
    DebianPackages.ensure("The operations-kit tests", List.of(PROMETHEUS, PROMTOOL), "prometheus");
  }
}
