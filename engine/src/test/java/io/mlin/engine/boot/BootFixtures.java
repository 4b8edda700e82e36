package io.mlin.engine.boot;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.InitramfsWriter;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.util.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The boot tests' inputs: the busybox initramfs list, padding for big kernels, initramfs writing. */
final class BootFixtures {
    /** Where the boot and relink tests keep their files. */
    static final Path WORK = LinuxSource.WORK.resolve("boot");
    /** A line only the booted /init can print: the number is computed by the shell. */
    static final String MARKER = "MLIN-BOOT-OK 42";

    private BootFixtures() {
    }

    /** The busybox /init cpio list from test resources (src/test/resources/boot/cpio_list). */
    static Path busyboxList() throws IOException {
        HostTools.requireFile(Path.of("/bin/busybox"), "busybox-static");
        Files.createDirectories(WORK);
        URL url = BootFixtures.class.getResource("/boot/cpio_list");
        assertNotNull(url, "test resource /boot/cpio_list");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /**
     * Writes {@code bytes} of deterministic pseudo-random data (incompressible, so the kernel's
     * gzip cannot shrink it) in chunks, never holding it in memory; and a cpio list that puts it
     * at {@code /padding.bin}. Returns the list.
     */
    static Path paddingList(String name, long bytes, long seed) throws IOException {
        Path data = WORK.resolve(name + ".bin");
        if (!Files.isRegularFile(data) || Files.size(data) != bytes) {
            AtomicFiles.write(data, out -> writeRandom(out, bytes, seed));
        }
        Path list = WORK.resolve(name + ".list");
        Files.writeString(list, "file /padding.bin " + data + " 0644 0 0\n", StandardCharsets.UTF_8);
        return list;
    }

    private static void writeRandom(OutputStream out, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** Writes an uncompressed newc initramfs with the engine's InitramfsWriter (later lists after earlier ones). */
    static Path initramfs(Path output, Path... lists) throws IOException {
        List<CpioList> cpioLists = new ArrayList<>();
        for (Path list : lists) {
            cpioLists.add(CpioList.of(list));
        }
        InitramfsWriter.write(cpioLists, output, CpioOptions.reproducible());
        return output;
    }
}
