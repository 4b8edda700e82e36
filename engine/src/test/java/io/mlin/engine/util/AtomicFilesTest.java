package io.mlin.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void finishedFileIsReadableByAllAndReplacesTheOldOne() throws IOException {
        Path target = dir.resolve("sub/out.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2}));
        AtomicFiles.write(target, out -> out.write(new byte[] {3}));
        assertEquals(1, Files.size(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("out.bin"), names(target.getParent()));
    }

    @Test
    void failedWriteLeavesNeitherTargetNorTemporaryFile() throws IOException {
        Path target = dir.resolve("out.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[4096]);
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names(dir));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
