package io.mlin.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.testsupport.BashSubstitution;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.testsupport.Trees;
import io.mlin.engine.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image's initramfs compared byte for byte with the kernel's own gen_init_cpio run the way MLin
 * runs its copy: every list of the image in plan order, relative locations resolved against each
 * list's base folder (written out as absolute paths, since upstream resolves against its working
 * folder and takes one list), the variant's files substituted by bash.
 */
class ImageInitramfsReferenceTest {
    private static final long T = 1_600_000_000L;

    @TempDir
    Path dir;

    /** Every list of the image, in order, as one list with absolute locations. */
    private static void combinedList(Plan.Image image, Map<Path, Path> baseOf, Path out) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Plan.ListRef ref : image.cpioLists()) {
            for (String line : Files.readAllLines(ref.file(), StandardCharsets.UTF_8)) {
                String[] words = line.trim().split("\\s+");
                if (line.startsWith("file ") && !words[2].startsWith("/")) {
                    words[2] = baseOf.get(ref.file()).resolve(words[2]).toString();
                    sb.append(String.join(" ", words)).append('\n');
                } else {
                    sb.append(line).append('\n');
                }
            }
        }
        Files.writeString(out, sb.toString());
    }

    private static void genInitCpio(Path list, Path out) throws IOException, InterruptedException {
        Path tool = LinuxSource.genInitCpio();
        Process p = new ProcessBuilder(tool.toString(), "-c", "-t", Long.toString(T), list.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("gen_init_cpio failed on " + list);
        }
    }

    private static void setMtimes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.setLastModifiedTime(f, FileTime.from(T, TimeUnit.SECONDS));
                }
            }
        }
    }

    @Test
    void variantImageMatchesTheKernelsTool() throws Exception {
        Path root = Trees.copy("sourceonly", dir);
        // upstream dates files by their source: no host files here, every source gets the same time
        Files.writeString(root.resolve("_pkgs/base/cpio_list"),
                Files.readString(root.resolve("_pkgs/base/cpio_list")).replace(
                        "file /lib/libc.so.6 /lib/x86_64-linux-gnu/libc.so.6 644 0 0\n", ""));
        Plan.Image image = Plan.of(Tree.load(root)).image("web/test");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve("web/test.var"))) {
            values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        Path substituted = dir.resolve("bash-staging");
        for (String file : List.of("etc/hostname", "etc/web/web.conf")) {
            Files.createDirectories(substituted.resolve(file).getParent());
            BashSubstitution.substitute(root.resolve("web").resolve(file), values, substituted.resolve(file));
        }
        setMtimes(root);
        setMtimes(substituted);
        Map<Path, Path> baseOf = Map.of(
                root.resolve("_pkgs/base/cpio_list"), root.resolve("_pkgs/base").toAbsolutePath(),
                root.resolve("_pkgs/hello/cpio_list"), root.resolve("_pkgs/hello").toAbsolutePath(),
                root.resolve("web/cpio_list"), substituted.toAbsolutePath());
        Path list = dir.resolve("combined_list");
        combinedList(image, baseOf, list);
        Path expected = dir.resolve("reference.cpio");
        genInitCpio(list, expected);

        Path ours = dir.resolve("ours.cpio");
        ImageInitramfs.write(image, null, ours, CpioOptions.reproducible(Map.of()).withEpoch(T), PackageFolders.sourcePackagesOnly());
        assertEquals(-1L, Files.mismatch(expected, ours), "our image initramfs differs from gen_init_cpio's");
    }

    @Test
    void imageWithHostFilesMatchesWhenDatedLikeMlin() throws Exception {
        Path root = Trees.copy("sourceonly", dir);
        Files.delete(root.resolve("web/prod.var"));
        Files.delete(root.resolve("web/test.var"));
        Plan.Image image = Plan.of(Tree.load(root)).image("web");
        // MLin's dating: files by their source's mtime (libc's own), other entries by their list's mtime
        setMtimes(root);
        List<Path> lists = new ArrayList<>();
        image.cpioLists().forEach(l -> lists.add(l.file()));
        Map<Path, Path> baseOf = Map.of(
                lists.get(0), root.resolve("_pkgs/base").toAbsolutePath(),
                lists.get(1), root.resolve("_pkgs/hello").toAbsolutePath(),
                lists.get(2), root.resolve("web").toAbsolutePath());
        Path list = dir.resolve("combined_list");
        combinedList(image, baseOf, list);
        Path expected = dir.resolve("reference.cpio");
        genInitCpio(list, expected);

        Path ours = dir.resolve("ours.cpio");
        ImageInitramfs.write(image, null, ours,
                CpioOptions.reproducible(Map.of()).withMtimeFromFiles(true), PackageFolders.sourcePackagesOnly());
        assertEquals(-1L, Files.mismatch(expected, ours), "our image initramfs differs from gen_init_cpio's");
    }
}
