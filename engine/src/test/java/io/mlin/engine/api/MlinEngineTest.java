package io.mlin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.util.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade the Jenkins plugin calls, on a tree of source packages (no compiler needed). */
class MlinEngineTest {
    @TempDir
    Path dir;

    private MlinEngine engine() {
        return new MlinEngine(EngineSettings.defaults().withCacheDir(dir.resolve("cache")).withEpoch(0), Log.silent());
    }

    private Path tree() throws Exception {
        Path root = dir.resolve("tree");
        Path base = Files.createDirectories(root.resolve("_pkgs/base"));
        Files.writeString(base.resolve("Makefile"), "$(call source-package)\n");
        Files.writeString(base.resolve("cpio_list"), "dir /etc 755 0 0\n");
        Path linux = Files.createDirectories(root.resolve("_pkgs/linux"));
        Files.writeString(linux.resolve("Makefile"), "$(call kernel-package, https://example.invalid/linux-6.1.tar.xz, "
                + "0".repeat(64) + ")\n");
        Files.writeString(linux.resolve("defconfig"), "CONFIG_EFI_STUB=y\n");
        Path guest = Files.createDirectories(root.resolve("guest/etc"));
        Files.writeString(root.resolve("guest/deps"), "base\nlinux\n");
        Files.writeString(root.resolve("guest/cpio_list"), "file /etc/id etc/id 644 0 0\n");
        Files.writeString(guest.resolve("id"), "site <SITE>\n");
        Files.writeString(root.resolve("guest/a.var"), "SITE=one\n");
        Files.writeString(root.resolve("guest/b.var"), "SITE=two\n");
        return root;
    }

    @Test
    void listsImagesWithFlavorVariantAndKernel() throws Exception {
        List<ImageInfo> images = engine().images(tree());
        assertEquals(List.of("guest/a", "guest/b"), images.stream().map(ImageInfo::name).toList());
        assertEquals("guest", images.get(0).flavor());
        assertEquals("a", images.get(0).variant());
        assertEquals("linux", images.get(0).kernel());
        assertEquals(List.of("base", "linux"), images.get(0).packages());
    }

    @Test
    void variablesFolderOutsideTheTreeDefinesTheVariants() throws Exception {
        Path tree = tree();
        Path vars = Files.createDirectories(dir.resolve("secret-vars/guest"));
        Files.writeString(vars.resolve("east.var"), "SITE=east\n");
        Files.writeString(vars.resolve("west.var"), "SITE=west\n");
        VariableSource source = VariableSource.directory(dir.resolve("secret-vars"));
        List<ImageInfo> images = engine().images(tree, source);
        assertEquals(List.of("guest/east", "guest/west"), images.stream().map(ImageInfo::name).toList());

        Path out = dir.resolve("out/guest-west.cpio");
        CpioResult cpio = engine().initramfs(tree, "guest/west", source, out);
        assertEquals(Files.size(out), cpio.bytes());
        assertEquals(Sha256.ofFile(out), cpio.sha256());
        String archive = Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(archive.contains("site west\n"), "the value from the outside file is in the archive");
    }

    @Test
    void initramfsFromAMapNeverShowsTheValues() throws Exception {
        Path tree = tree();
        Path out = dir.resolve("out/guest-a.cpio");
        engine().initramfs(tree, "guest/a", VariableSource.map(Map.of("SITE", "s3cr3t-value")), out);
        assertTrue(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).contains("site s3cr3t-value"));
        assertFalse(VariableSource.map(Map.of("SITE", "s3cr3t-value")).toString().contains("s3cr3t"));

        Files.writeString(tree.resolve("guest/etc/id"), "site <SITE> <TOKEN>\n");
        MlinException e = assertThrows(MlinException.class,
                () -> engine().initramfs(tree, "guest/a", VariableSource.map(Map.of("SITE", "s3cr3t-value")), out));
        assertTrue(e.getMessage().contains("TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void checkReportsProblemsWithFileAndLine() throws Exception {
        Path tree = tree();
        assertEquals(List.of(), engine().check(tree));
        Files.writeString(tree.resolve("guest/deps"), "base\nlinux\nmissing\n");
        List<Problem> problems = engine().check(tree);
        assertTrue(problems.stream().anyMatch(p -> p.file().endsWith("guest/deps") && p.line() == 3), problems.toString());
    }

    @Test
    void unknownImageListsTheKnownOnes() throws Exception {
        MlinException e = assertThrows(MlinException.class,
                () -> engine().initramfs(tree(), "guest/c", VariableSource.treeFiles(), dir.resolve("x.cpio")));
        assertTrue(e.getMessage().contains("guest/a, guest/b"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.cpio")));
    }

    @Test
    void isoOfAKernelFile() throws Exception {
        Path kernel = dir.resolve("bzImage");
        Files.write(kernel, new byte[300_000]);
        IsoResult iso = engine().iso(kernel, dir.resolve("out/k.iso"), "GUEST_A");
        assertEquals(Files.size(dir.resolve("out/k.iso")), iso.bytes());
        assertEquals(Sha256.ofFile(dir.resolve("out/k.iso")), iso.sha256());
        assertEquals("GUEST_A", iso.volumeId());
    }

    @Test
    void outputNames() {
        assertEquals("guest-site-a", MlinEngine.defaultOutputName("guest/site-a"));
        assertEquals("guest", MlinEngine.defaultOutputName("guest"));
    }
}
