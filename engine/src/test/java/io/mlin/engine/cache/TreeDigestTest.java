package io.mlin.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {
    @TempDir
    Path tmp;

    private Path tree(String name) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name).resolve("src"));
        Files.writeString(root.resolve("main.c"), "int main(void) { return 0; }\n");
        Files.writeString(root.resolve("build.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("main.c"));
        return root.getParent();
    }

    @Test
    void aCopyElsewhereHasTheSameDigestWhateverItsTimes() throws Exception {
        Path a = tree("a");
        Path b = tree("b");
        Files.setLastModifiedTime(b.resolve("src/main.c"), FileTime.fromMillis(0));
        assertEquals(TreeDigest.of(a), TreeDigest.of(b));
    }

    @Test
    void contentModesLinksAndNamesCount() throws Exception {
        Path a = tree("a");
        String original = TreeDigest.of(a);

        Files.writeString(a.resolve("src/main.c"), "int main(void) { return 1; }\n");
        String content = TreeDigest.of(a);
        assertNotEquals(original, content);

        Files.setPosixFilePermissions(a.resolve("src/build.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        String mode = TreeDigest.of(a);
        assertNotEquals(content, mode);

        Files.delete(a.resolve("src/link"));
        Files.createSymbolicLink(a.resolve("src/link"), Path.of("build.sh"));
        String link = TreeDigest.of(a);
        assertNotEquals(mode, link);

        Files.move(a.resolve("src/build.sh"), a.resolve("src/build2.sh"));
        assertNotEquals(link, TreeDigest.of(a));
    }

    @Test
    void anEmptyFolderCounts() throws Exception {
        Path a = tree("a");
        String before = TreeDigest.of(a);
        Files.createDirectory(a.resolve("empty"));
        assertNotEquals(before, TreeDigest.of(a));
    }
}
