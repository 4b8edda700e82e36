package io.mlin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.HostCommand;
import io.mlin.engine.testsupport.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlin initramfs} on a tree of source packages, checked with GNU cpio: the entries, the
 * substituted flavor files, reproducibility, {@code --vars}, and secrets kept out of messages.
 */
class InitramfsCommandTest {
    @TempDir
    Path dir;

    private Path tree;

    @BeforeEach
    void copyTree() throws IOException {
        tree = Trees.copy("sourceonly", dir);
    }

    private static List<String> cpioNames(Path archive) throws Exception {
        HostTools.require("cpio", "cpio");
        return HostCommand.output(null, "sh", "-c", "cpio -t --quiet < '" + archive + "'").lines().toList();
    }

    private static Path extract(Path archive, Path into) throws Exception {
        Files.createDirectories(into);
        // no device nodes: extract only what the test reads
        HostCommand.output(into, "sh", "-c", "cpio -i -d --quiet --no-absolute-filenames 'etc/*' 'bin/*' < '" + archive + "'");
        return into;
    }

    @Test
    void writesEveryListInOrderWithSubstitutedFlavorFiles() throws Exception {
        Path out = dir.resolve("out/web-prod.cpio");
        CliRun run = CliRun.of("initramfs", tree.toString(), "web/prod", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("bin", "dev", "dev/console", "etc", "lib", "lib/libc.so.6", "lib64", "bin/hello",
                "etc/web", "etc/hostname", "etc/web/web.conf"), cpioNames(out));

        Path x = extract(out, dir.resolve("x"));
        assertEquals("web-prod\n", Files.readString(x.resolve("etc/hostname")));
        byte[] conf = Files.readAllBytes(x.resolve("etc/web/web.conf"));
        assertArrayEquals(("listen 10.0.0.1:443\n# <lowercase> and <A-B> are not tags\npassword=prod-s3cr3t-value\n"
                + "caf\u00e9 latin-1 byte kept\n").getBytes(StandardCharsets.ISO_8859_1), conf);
        // package files are never substituted, only the flavor's
        assertTrue(Files.readString(x.resolve("bin/hello")).contains("<NOT_A_VARIANT_FILE>"));
        assertTrue(run.err().contains("web/prod"), run.err());
        assertFalse(run.err().contains("s3cr3t"), run.err());
        // the staging folder is gone
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(List.of(out), left.toList());
        }
    }

    @Test
    void twoRunsGiveTheSameBytesAndVariantsDiffer() throws Exception {
        Path a = dir.resolve("a.cpio");
        Path b = dir.resolve("b.cpio");
        Path test = dir.resolve("test.cpio");
        assertEquals(0, CliRun.of("initramfs", tree.toString(), "web/prod", "-o", a.toString()).exitCode());
        // touching sources changes nothing by default: timestamps are fixed
        Files.setLastModifiedTime(tree.resolve("web/etc/hostname"), java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        assertEquals(0, CliRun.of("initramfs", tree.toString(), "web/prod", "-o", b.toString()).exitCode());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(0, CliRun.of("initramfs", tree.toString(), "web/test", "-o", test.toString()).exitCode());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(test)));
        assertEquals("web-test\n", Files.readString(extract(test, dir.resolve("t")).resolve("etc/hostname")));
    }

    @Test
    void epochOptionDatesEveryEntry() throws Exception {
        Path out = dir.resolve("e.cpio");
        assertEquals(0, CliRun.of("initramfs", tree.toString(), "web/prod", "-o", out.toString(), "--epoch", "1700000000").exitCode());
        String listing = HostCommand.output(null, "sh", "-c", "TZ=UTC cpio -tv --quiet < '" + out + "'");
        assertTrue(listing.lines().allMatch(l -> l.contains("Nov 14  2023")), listing);
    }

    @Test
    void varsFromOutsideTheTreeReplaceTheVariantFile() throws Exception {
        Path vars = dir.resolve("elsewhere.vars");
        Files.writeString(vars, "NAME=from-outside\nLAN_IP=1.2.3.4\nPORT=1\nSECRET=x\n");
        Path out = dir.resolve("o.cpio");
        CliRun run = CliRun.of("initramfs", tree.toString(), "web/prod", "-o", out.toString(), "--vars", vars.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("from-outside\n", Files.readString(extract(out, dir.resolve("x")).resolve("etc/hostname")));
    }

    @Test
    void anUndefinedVariableFailsNamingFileAndLineWithoutValues() throws Exception {
        Files.writeString(tree.resolve("web/prod.var"), "NAME=web-prod\nSECRET=prod-s3cr3t-value\n");
        Path out = dir.resolve("u.cpio");
        CliRun run = CliRun.of("initramfs", tree.toString(), "web/prod", "-o", out.toString());
        assertEquals(1, run.exitCode());
        Path conf = tree.resolve("web/etc/web/web.conf");
        assertEquals(List.of("error: " + conf + ":1: undefined variable: LAN_IP", "error: " + conf + ":1: undefined variable: PORT"),
                run.err().lines().toList());
        assertFalse(Files.exists(out));
        assertFalse(run.err().contains("s3cr3t"));
    }

    @Test
    void aMissingVarsFileIsNamed() {
        Path missing = dir.resolve("nowhere.vars");
        CliRun run = CliRun.of("initramfs", tree.toString(), "web/prod", "-o", dir.resolve("m.cpio").toString(),
                "--vars", missing.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of("error: " + missing + ": cannot read the variable file: NoSuchFileException"), run.err().lines().toList());
    }

    @Test
    void aBadVarsFileIsReportedByLineWithoutItsContent() throws IOException {
        Path vars = dir.resolve("bad.vars");
        Files.writeString(vars, "NAME=x\npassword=hunter2\n");
        CliRun run = CliRun.of("initramfs", tree.toString(), "web/prod", "-o", dir.resolve("b.cpio").toString(),
                "--vars", vars.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of("error: " + vars + ":2: expected NAME=value with NAME matching [A-Z][_A-Z0-9]* (blank lines are not allowed)"),
                run.err().lines().toList());
        assertFalse(run.err().contains("hunter2"));
    }

    @Test
    void anUnknownImageListsTheKnownOnes() {
        CliRun run = CliRun.of("initramfs", tree.toString(), "web", "-o", dir.resolve("n.cpio").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no image 'web' in " + tree + ": expected one of web/prod, web/test"), run.err());
    }

    @Test
    void aPackageThatNeedsABuildIsFetchedFirstAndAFailedFetchNamesPackageAndUrl() throws Exception {
        Path upstream = Trees.copy("upstream", dir);
        Path out = dir.resolve("g.cpio");
        // No internet here: a mirror to a folder without the tarball makes the fetch fail at once.
        CliRun run = CliRun.of("initramfs", upstream.toString(), "guest", "-o", out.toString(),
                "--cache", dir.resolve("cache").toString(),
                "--mirror", "https://busybox.net/downloads/=" + dir.resolve("empty-mirror").toUri());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("busybox"), run.err());
        assertTrue(run.err().contains("busybox-1.36.1.tar.bz2"), run.err());
        assertFalse(Files.exists(out));
    }
}
