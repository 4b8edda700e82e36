package io.mlin.engine.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The fixture trees under src/test/resources/trees, in place or copied to a scratch folder. */
public final class Trees {
    private Trees() {
    }

    /** The fixture tree {@code name}, read in place (tests that write nothing into it). */
    public static Path fixture(String name) {
        Path p = Path.of("src", "test", "resources", "trees", name);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("no fixture tree " + p.toAbsolutePath());
        }
        return p;
    }

    /** A copy of the fixture tree {@code name} under {@code dir}, for tests that change or add files. */
    public static Path copy(String name, Path dir) throws IOException {
        Path source = fixture(name);
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
