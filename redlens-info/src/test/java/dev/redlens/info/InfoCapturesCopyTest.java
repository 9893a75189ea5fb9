package dev.redlens.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The captures on the test classpath are byte-for-byte copies of {@code ../shared/testdata/info/}. Skipped on a
 * clean checkout where that folder does not exist (CI); run wherever it does, so the copies cannot drift.
 */
class InfoCapturesCopyTest {

    @Test
    void copiesEqualTheSharedCaptures() throws IOException {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path shared = module.getParent().getParent().resolve("shared").resolve("testdata").resolve("info");
        assumeTrue(Files.isDirectory(shared), "no shared test data at " + shared);

        List<String> originals;
        try (Stream<Path> files = Files.list(shared)) {
            originals = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
        }
        List<String> copies = InfoCaptures.all().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(copies).as("captures on the classpath").containsExactlyElementsOf(originals);
        for (String name : originals) {
            assertThat(Files.readAllBytes(InfoCaptures.directory().resolve(name)))
                    .as(name).isEqualTo(Files.readAllBytes(shared.resolve(name)));
        }
    }
}
