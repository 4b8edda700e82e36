package io.mlin.engine.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtractorTest {
    @TempDir
    Path tmp;

    /** A source tree with what real tarballs hold: executables, read-only folders, links of every kind. */
    private Path sampleTree(String top) throws IOException {
        Path src = tmp.resolve("src");
        Path root = src.resolve(top);
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("data/nested"));
        Files.createDirectories(root.resolve("private"));
        Files.createDirectories(root.resolve("readonly"));
        Files.writeString(root.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("configure"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("configure"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(root.resolve("data/readme.txt"), "read me\n".repeat(1000));
        Files.writeString(root.resolve("data/nested/empty"), "");
        Files.writeString(root.resolve("private/key"), "secret");
        Files.setPosixFilePermissions(root.resolve("private/key"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(root.resolve("readonly/file"), "x");
        Files.setPosixFilePermissions(root.resolve("readonly/file"), PosixFilePermissions.fromString("r--r--r--"));
        Files.createSymbolicLink(root.resolve("link-to-script"), Path.of("bin/run.sh"));
        Files.createSymbolicLink(root.resolve("data/up-link"), Path.of("../configure"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("not/there"));
        Files.createSymbolicLink(root.resolve("dir-link"), Path.of("data/nested"));
        Files.createLink(root.resolve("bin/run-again.sh"), root.resolve("bin/run.sh"));
        long t = Instant.parse("2011-02-03T04:05:06Z").getEpochSecond();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                t += 3600;
                Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(Instant.ofEpochSecond(t)), null, null);
            }
        }
        Files.setPosixFilePermissions(root.resolve("readonly"), PosixFilePermissions.fromString("r-xr-xr-x"));
        return src;
    }

    /** Everything tar promises to restore, per relative path; hard links show as a shared group. */
    private static Map<String, String> describe(Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> firstByInode = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted().collect(Collectors.toList())) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String rel = top.relativize(p).toString();
                String what;
                if (a.isSymbolicLink()) {
                    what = "symlink -> " + Files.readSymbolicLink(p) + " mtime " + a.lastModifiedTime().toMillis() / 1000;
                } else if (a.isDirectory()) {
                    what = "dir " + PosixFilePermissions.toString(a.permissions()) + " mtime " + a.lastModifiedTime().toMillis() / 1000;
                } else {
                    String group = firstByInode.computeIfAbsent(a.fileKey(), k -> rel);
                    what = "file " + PosixFilePermissions.toString(a.permissions()) + " mtime "
                            + a.lastModifiedTime().toMillis() / 1000 + " sha256 " + Sha256.ofFile(p) + " links-with " + group;
                }
                out.put(rel, what);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"z, demo-1.0.tar.gz, gzip", "j, demo-1.0.tar.bz2, bzip2", "J, demo-1.0.tar.xz, xz-utils"})
    void extractsWhatTarExtracts(String tarFlag, String archiveName, String compressorPackage) throws Exception {
        HostTools.require("tar", "tar");
        HostTools.require(compressorPackage.equals("xz-utils") ? "xz" : compressorPackage, compressorPackage);
        Path src = sampleTree("demo-1.0");
        Path archive = tmp.resolve(archiveName);
        Processes.check(src, "tar", "-c" + tarFlag + "f", archive.toString(), "demo-1.0");

        Path byTar = Files.createDirectories(tmp.resolve("by-tar"));
        Processes.check(byTar, "tar", "-x" + tarFlag + "pf", archive.toString());
        Path ours = tmp.resolve("ours");
        Path top = Extractor.extract(archive, ours);

        assertEquals(ours.resolve("demo-1.0"), top);
        Map<String, String> expected = describe(byTar.resolve("demo-1.0"));
        assertEquals(expected, describe(top));
        // the comparison is only meaningful if the tree holds what we think it does
        assertTrue(expected.get("bin/run.sh").startsWith("file rwxr-xr-x"), expected.get("bin/run.sh"));
        assertTrue(expected.get("readonly").startsWith("dir r-xr-xr-x"), expected.get("readonly"));
        assertTrue(expected.get("bin/run.sh").endsWith("links-with bin/run-again.sh"), expected.get("bin/run.sh"));
        assertEquals(List.of("demo-1.0"), list(ours), "no temporary folder is left beside the result");
    }

    @Test
    void gitArchiveTarballsWithAGlobalPaxHeaderWork() throws Exception {
        // GitHub release tarballs are made by git archive: a pax global header (the commit id) comes first
        HostTools.require("git", "git");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("configure"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(repo.resolve("configure"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Processes.check(repo, "git", "init", "-q");
        Processes.check(repo, "git", "add", ".");
        Processes.check(repo, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x");
        Path archive = tmp.resolve("proj-1.0.tar.gz");
        Processes.check(repo, "git", "archive", "--format=tar.gz", "--prefix=proj-1.0/", "-o", archive.toString(), "HEAD");

        Path top = Extractor.extract(archive, tmp.resolve("out"));
        assertEquals(List.of("configure"), list(top), "the pax header is not extracted as a file");
        Path byTar = Files.createDirectories(tmp.resolve("by-tar"));
        Processes.check(byTar, "tar", "-xzpf", archive.toString());
        assertEquals(describe(byTar.resolve("proj-1.0")), describe(top));
        assertTrue(Files.isExecutable(top.resolve("configure")));
    }

    @Test
    void aSingleTopFolderWithAnotherNameIsUsed() throws Exception {
        Path archive = tmp.resolve("pkg-2.0.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.dir("pkg-2.0-rc1").file("pkg-2.0-rc1/README", "hello");
        }
        Path top = Extractor.extract(archive, tmp.resolve("out"));
        assertEquals(tmp.resolve("out/pkg-2.0-rc1"), top);
        assertEquals("hello", Files.readString(top.resolve("README")));
    }

    @Test
    void entriesWithoutFolderEntriesAndWithDotSlashNamesWork() throws Exception {
        Path archive = tmp.resolve("pkg-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.dir("./").file("./pkg-1/deep/er/file", "x");
        }
        Path top = Extractor.extract(archive, tmp.resolve("out"));
        assertEquals("x", Files.readString(top.resolve("deep/er/file")));
    }

    @Test
    void severalTopEntriesAreAnError() throws Exception {
        Path archive = tmp.resolve("pkg-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.file("pkg-1/a", "a").file("stray-file", "b");
        }
        MlinException e = assertThrows(MlinException.class, () -> Extractor.extract(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected one top folder"), e.getMessage());
        assertTrue(e.getMessage().contains("pkg-1, stray-file"), e.getMessage());
        assertEquals(List.of(), list(tmp.resolve("out")));
    }

    @Test
    void aLoneFileIsAnError() throws Exception {
        Path archive = tmp.resolve("pkg-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.file("pkg-1", "not a folder");
        }
        assertThrows(MlinException.class, () -> Extractor.extract(archive, tmp.resolve("out")));
        assertEquals(List.of(), list(tmp.resolve("out")));
    }

    @Test
    void anExistingTargetIsNotOverwritten() throws Exception {
        Path archive = tmp.resolve("pkg-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.file("pkg-1/new", "new");
        }
        Files.createDirectories(tmp.resolve("out/pkg-1"));
        Files.writeString(tmp.resolve("out/pkg-1/old"), "old");
        MlinException e = assertThrows(MlinException.class, () -> Extractor.extract(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(List.of("old"), list(tmp.resolve("out/pkg-1")));
        assertEquals(List.of("pkg-1"), list(tmp.resolve("out")));
    }

    @Test
    void anInterruptStopsExtractionAndLeavesNothing() throws Exception {
        Path archive = tmp.resolve("pkg-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.file("pkg-1/a", "a");
        }
        Path out = tmp.resolve("out");
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.io.InterruptedIOException.class, () -> Extractor.extract(archive, out));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt stays visible to the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), list(out));
    }

    @Test
    void anUnknownFormatIsRefusedByName() throws Exception {
        Path archive = tmp.resolve("pkg-1.zip");
        Files.writeString(archive, "PK");
        MlinException e = assertThrows(MlinException.class, () -> Extractor.extract(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().contains(".tar.gz, .tar.bz2 or .tar.xz"), e.getMessage());
    }

    @Test
    void aDamagedArchiveIsAnErrorAndLeavesNothing() throws Exception {
        Path good = tmp.resolve("good.tar.gz");
        try (CraftedTar t = new CraftedTar(good)) {
            t.file("pkg-1/a", "a".repeat(100_000)).file("pkg-1/b", "b".repeat(100_000));
        }
        byte[] bytes = Files.readAllBytes(good);
        Path archive = tmp.resolve("pkg-1.tar.gz");
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        MlinException e = assertThrows(MlinException.class, () -> Extractor.extract(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().startsWith(archive + ": cannot extract the archive at entry 'pkg-1/"), e.getMessage());
        assertEquals(List.of(), list(tmp.resolve("out")));
    }

    interface Content {
        void write(CraftedTar t) throws IOException;
    }

    private void assertRejected(String entry, String why, Content content) throws IOException {
        Path archive = tmp.resolve("evil-1.tar.gz");
        Files.deleteIfExists(archive);
        try (CraftedTar t = new CraftedTar(archive)) {
            t.dir("evil-1");
            content.write(t);
        }
        Path out = tmp.resolve("out");
        MlinException e = assertThrows(MlinException.class, () -> Extractor.extract(archive, out));
        assertTrue(e.getMessage().startsWith(archive + ": entry '" + entry + "' "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(List.of(), list(out), "nothing is left of a refused archive");
        assertTrue(Files.notExists(tmp.resolve("escaped")), "nothing was written outside");
    }

    @Test
    void absolutePathsAreRefused() throws Exception {
        assertRejected(tmp.resolve("escaped").toString(), "absolute path",
                t -> t.file(tmp.resolve("escaped").toString(), "x"));
    }

    @Test
    void dotDotComponentsAreRefused() throws Exception {
        assertRejected("../escaped", "'..'", t -> t.file("../escaped", "x"));
        assertRejected("evil-1/../../escaped", "'..'", t -> t.file("evil-1/../../escaped", "x"));
        // even one that stays inside: GNU tar refuses these as well
        assertRejected("evil-1/a/../b", "'..'", t -> t.file("evil-1/a/../b", "x"));
    }

    @Test
    void symlinksLeadingOutsideAreRefused() throws Exception {
        assertRejected("evil-1/abs", "absolute path /etc", t -> t.symlink("evil-1/abs", "/etc"));
        assertRejected("evil-1/rel", "outside", t -> t.symlink("evil-1/rel", "../../escaped"));
        assertRejected("evil-1/sub/rel", "outside", t -> t.dir("evil-1/sub").symlink("evil-1/sub/rel", "../../.."));
    }

    @Test
    void symlinksEscapingThroughOtherSymlinksAreRefused() throws Exception {
        // evil-1/s -> sub/up/../.. looks like evil-1/.. on paper, but sub/up is itself a link to ..
        assertRejected("evil-1/s", "outside", t -> t.dir("evil-1/sub")
                .symlink("evil-1/sub/up", "..")
                .symlink("evil-1/s", "sub/up/../.."));
        // the link through which it escapes only appears later in the archive: caught by the final check
        assertRejected("evil-1/t", "through other symlinks", t -> t.dir("evil-1/a/b")
                .symlink("evil-1/t", "later/../..")
                .symlink("evil-1/a/b/up2", "../..")
                .symlink("evil-1/later", "a/b/up2"));
    }

    @Test
    void symlinksInsideAreKept() throws Exception {
        Path archive = tmp.resolve("ok-1.tar.gz");
        try (CraftedTar t = new CraftedTar(archive)) {
            t.dir("ok-1/sub").file("ok-1/sub/f", "f").symlink("ok-1/sub/up", "..").symlink("ok-1/root-link", "sub/up/sub/f");
        }
        Path top = Extractor.extract(archive, tmp.resolve("out"));
        assertEquals("f", Files.readString(top.resolve("root-link")));
    }

    @Test
    void writingThroughASymlinkIsRefused() throws Exception {
        assertRejected("evil-1/link/file", "symlink extracted before it", t -> t.dir("evil-1/sub")
                .symlink("evil-1/link", "sub")
                .file("evil-1/link/file", "x"));
    }

    @Test
    void hardLinksOutsideOrToNonFilesAreRefused() throws Exception {
        assertRejected("evil-1/h", "absolute path", t -> t.hardlink("evil-1/h", "/etc/passwd"));
        assertRejected("evil-1/h", "'..'", t -> t.hardlink("evil-1/h", "../escaped"));
        assertRejected("evil-1/h", "not a regular file", t -> t.hardlink("evil-1/h", "evil-1/missing"));
        assertRejected("evil-1/h", "not a regular file", t -> t.symlink("evil-1/l", ".").hardlink("evil-1/h", "evil-1/l"));
    }

    @Test
    void deviceNodesAndFifosAreRefused() throws Exception {
        assertRejected("evil-1/null", "device node", t -> t.special("evil-1/null", TarConstants.LF_CHR));
        assertRejected("evil-1/sda", "device node", t -> t.special("evil-1/sda", TarConstants.LF_BLK));
        assertRejected("evil-1/pipe", "FIFO", t -> t.special("evil-1/pipe", TarConstants.LF_FIFO));
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
