package io.mlin.engine.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.kernel.KernelResult;
import io.mlin.engine.testsupport.TestKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Once the test kernel is compiled, another initramfs costs a relink: the objects compiled from
 * C stay untouched, only the initramfs object and the link steps are redone, and the same
 * initramfs gives the same bzImage bytes.
 */
class KernelRelinkTest {
    /** Objects compiled from C sources that an initramfs change must not rebuild. */
    private static final List<String> COMPILED_OBJECTS = List.of("init/main.o", "kernel/fork.o", "mm/memory.o",
            "arch/x86/kernel/setup.o", "drivers/tty/serial/8250/8250_core.o");

    @Test
    void anotherInitramfsOnlyRelinksAndTheSameOneGivesTheSameBytes() throws Exception {
        Path base = BootFixtures.busyboxList();
        Path cpioA = BootFixtures.initramfs(BootFixtures.WORK.resolve("relink-a.cpio"), base);
        KernelResult first = TestKernel.build(cpioA);
        Path objdir = TestKernel.HOME.resolve("obj");
        Path bzImageA = copy(first.bzImage(), "relink-a.bzImage");
        Map<String, FileTime> before = mtimes(objdir, COMPILED_OBJECTS);
        FileTime initramfsObjectBefore = Files.getLastModifiedTime(objdir.resolve("usr/initramfs_data.o"));

        Path extraList = BootFixtures.WORK.resolve("relink-extra.list");
        Path extraFile = BootFixtures.WORK.resolve("relink-extra.txt");
        Files.writeString(extraFile, "a file only initramfs B has\n", StandardCharsets.UTF_8);
        Files.writeString(extraList, "file /etc-extra.txt " + extraFile + " 0644 0 0\n", StandardCharsets.UTF_8);
        Path cpioB = BootFixtures.initramfs(BootFixtures.WORK.resolve("relink-b.cpio"), base, extraList);
        long start = System.nanoTime();
        KernelResult second = TestKernel.build(cpioB);
        double relinkSeconds = (System.nanoTime() - start) / 1e9;
        Path bzImageB = copy(second.bzImage(), "relink-b.bzImage");

        assertEquals(KernelResult.Kind.RELINKED, second.kind(), "a second initramfs must only relink");
        assertEquals(before, mtimes(objdir, COMPILED_OBJECTS), "a relink must not recompile C objects");
        assertNotEquals(initramfsObjectBefore, Files.getLastModifiedTime(objdir.resolve("usr/initramfs_data.o")),
                "the initramfs object must be rebuilt");
        assertFalse(sameBytes(bzImageA, bzImageB), "a different initramfs must give a different bzImage");
        assertEquals(first.kernelRelease(), second.kernelRelease());

        // Same content, freshly written (new file, new mtime): make redoes the link, bytes stay.
        Path cpioB2 = BootFixtures.initramfs(BootFixtures.WORK.resolve("relink-b2.cpio"), base, extraList);
        assertArrayEquals(Files.readAllBytes(cpioB), Files.readAllBytes(cpioB2), "precondition: same cpio bytes");
        KernelResult third = TestKernel.build(cpioB2);
        assertEquals(KernelResult.Kind.RELINKED, third.kind());
        assertTrue(sameBytes(bzImageB, third.bzImage()),
                "relinking the same initramfs again must give an identical bzImage");
        System.out.printf("relink with another initramfs took %.1f s%n", relinkSeconds);
    }

    private static Path copy(Path bzImage, String name) throws IOException {
        Path copy = BootFixtures.WORK.resolve(name);
        Files.copy(bzImage, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private static Map<String, FileTime> mtimes(Path objdir, List<String> files) throws IOException {
        Map<String, FileTime> m = new LinkedHashMap<>();
        for (String f : files) {
            m.put(f, Files.getLastModifiedTime(objdir.resolve(f)));
        }
        return m;
    }

    /** Compares two files without loading them: kernels can be tens of MiB. */
    private static boolean sameBytes(Path a, Path b) throws IOException {
        return Files.mismatch(a, b) == -1L;
    }
}
