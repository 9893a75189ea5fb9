package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real {@code INFO} captures, read from the test classpath ({@code src/test/resources/info/},
 * copies of {@code ../shared/testdata/info/}, see the README there). Fails loudly when the folder
 * is missing or empty: the parser tests must never pass by reading nothing.
 */
public final class InfoCaptures {
  /** Folder of the captures on the test classpath. */
  static final String RESOURCE_FOLDER = "info";

  private InfoCaptures() {}

  /**
   * The folder holding the captures (test resources are copied to a directory by Maven and IDEs).
   */
  public static Path directory() {
    URL url = InfoCaptures.class.getClassLoader().getResource(RESOURCE_FOLDER);
    assertThat(url)
        .as("INFO captures folder '" + RESOURCE_FOLDER + "' on the test classpath")
        .isNotNull();
    try {
      Path dir = Path.of(url.toURI());
      assertThat(dir).isDirectory();
      return dir;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every {@code *.txt} capture, sorted by name. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.list(directory())) {
      List<Path> captures =
          files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      assertThat(captures).as("INFO captures in " + directory()).hasSizeGreaterThanOrEqualTo(10);
      return captures;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of {@code capture}. */
  public static String read(Path capture) {
    try {
      return Files.readString(capture, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of the capture named {@code fileName}. */
  public static String read(String fileName) {
    return read(directory().resolve(fileName));
  }
}
