package io.mlin.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.HostCommand;
import io.mlin.engine.testsupport.Trees;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.vars.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API the build and the plugin call: built folders supplied, variables from a map. */
class ImageInitramfsTest {
    @TempDir
    Path dir;

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> cpioNames(Path archive) throws Exception {
        HostTools.require("cpio", "cpio");
        return HostCommand.output(null, "sh", "-c", "cpio -t --quiet < '" + archive + "'").lines().toList();
    }

    @Test
    void builtFoldersAndVariablesFromACaller() throws Exception {
        Path root = Trees.copy("upstream", dir);
        Path obj = dir.resolve("obj");
        write(obj.resolve("busybox/busybox"), "#!/bin/sh\n");
        write(obj.resolve("libfoo/src/.libs/libfoo.so.2"), "lib");
        write(obj.resolve("footool/src/footool"), "tool");
        PackageFolders folders = PackageFolders.withBuilt(Map.of(
                "busybox", obj.resolve("busybox"), "libfoo", obj.resolve("libfoo"), "footool", obj.resolve("footool")));
        Plan.Image image = Plan.of(Tree.load(root)).image("router/site-a");
        Path out = dir.resolve("router.cpio");
        CpioSummary summary = ImageInitramfs.write(image, Variables.of(Map.of("ID", "7", "LAN_IP", "10.7.0.1"), "credentials"),
                out, CpioOptions.reproducible(Map.of()), folders);
        List<String> names = cpioNames(out);
        assertEquals(summary.entries(), names.size(), summary + " " + Files.size(out) + " " + names);
        // base first, then libfoo, footool, busybox, the flavor last; linux adds nothing
        assertEquals(List.of("bin/footool", "bin/busybox", "bin/sh", "init", "etc/network", "etc/hostname",
                "etc/network/interfaces"), names.subList(names.indexOf("bin/footool"), names.size()));
        assertTrue(names.indexOf("lib/libfoo.so.2") < names.indexOf("bin/footool"));
        assertEquals(0, names.indexOf("bin"));

        Path x = dir.resolve("x");
        Files.createDirectories(x);
        HostCommand.output(x, "sh", "-c", "cpio -i -d --quiet 'etc/*' < '" + out + "'");
        assertEquals("router-7\n", Files.readString(x.resolve("etc/hostname")));
        assertEquals("iface eth0 inet static\n\taddress 10.7.0.1\n", Files.readString(x.resolve("etc/network/interfaces")));
    }

    @Test
    void theVariantFileIsTheDefaultAndAFlavorWithoutVariantsIsNotSubstituted() throws Exception {
        Path root = Trees.copy("sourceonly", dir);
        write(root.resolve("web/etc/hostname"), "<NAME>");
        Files.delete(root.resolve("web/prod.var"));
        Files.delete(root.resolve("web/test.var"));
        Plan.Image image = Plan.of(Tree.load(root)).image("web");
        Path out = dir.resolve("web.cpio");
        ImageInitramfs.write(image, null, out, CpioOptions.reproducible(Map.of()), PackageFolders.sourcePackagesOnly());
        Path x = dir.resolve("x");
        Files.createDirectories(x);
        HostCommand.output(x, "sh", "-c", "cpio -i -d --quiet 'etc/*' < '" + out + "'");
        assertEquals("<NAME>", Files.readString(x.resolve("etc/hostname")), "copied as is, as MLin does without .var files");
    }

    @Test
    void problemsOfStagingAndPackagesComeTogether(@TempDir Path scratch) throws Exception {
        Path root = Trees.copy("sourceonly", dir);
        write(root.resolve("web/cpio_list"), "file /etc/hostname etc/hostname 644 0 0\nfile /etc/x ../outside 644 0 0\n"
                + "file /etc/gone etc/gone 644 0 0\n");
        write(root.resolve("web/etc/hostname"), "<UNDEFINED>\n");
        Plan.Image image = Plan.of(Tree.load(root)).image("web/prod");
        Path out = scratch.resolve("w.cpio");
        MlinException e = assertThrows(MlinException.class, () -> ImageInitramfs.write(image,
                Variables.of(Map.of("SECRET", "v4lue"), "m"), out, CpioOptions.reproducible(Map.of()), PackageFolders.sourcePackagesOnly()));
        List<String> messages = e.problems().stream().map(Problem::toString).toList();
        Path list = root.resolve("web/cpio_list");
        // in list order: the substitution of line 1's file, then lines 2 and 3
        assertEquals(List.of(
                root.resolve("web/etc/hostname") + ":1: undefined variable: UNDEFINED",
                list + ":2: location '../outside' leaves the flavor folder: expected a file inside " + root.resolve("web"),
                list + ":3: file 'etc/gone' not found: expected it in the flavor folder " + root.resolve("web")),
                messages);
        assertFalse(e.getMessage().contains("v4lue"));
        try (var left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "no output and no staging folder left behind");
        }
    }
}
