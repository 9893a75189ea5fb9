package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real {@code INFO} captures in {@code ../shared/testdata/info/} (resolved from the project root, the parent of
 * this module). Fails loudly when the folder is missing: the parser tests must never pass by reading nothing.
 */
final class InfoCaptures {
    private InfoCaptures() {
    }

    static Path directory() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = moduleDir.toAbsolutePath().getParent().getParent().resolve("shared").resolve("testdata").resolve("info");
        assertThat(dir).as("INFO captures folder (../shared/testdata/info from the project root)").isDirectory();
        return dir;
    }

    static List<Path> all() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Path> captures = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            assertThat(captures).as("INFO captures in " + directory()).isNotEmpty();
            return captures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path capture) {
        try {
            return Files.readString(capture, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String fileName) {
        return read(directory().resolve(fileName));
    }
}
