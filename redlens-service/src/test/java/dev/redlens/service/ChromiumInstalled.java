package dev.redlens.service;

import dev.redlens.testing.DebianPackages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure Debian's {@code chromium} and {@code chromium-driver} are installed before a browser
 * test (installed by {@link DebianPackages} when the tests run as root; otherwise the test fails
 * saying what to install). A browser test is never skipped.
 */
public final class ChromiumInstalled implements BeforeAllCallback {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ensureInstalled();
  }

  static void ensureInstalled() throws IOException, InterruptedException {
    DebianPackages.ensure(
        "The dashboard test", List.of(CHROMIUM, CHROMEDRIVER), "chromium", "chromium-driver");
  }
}
