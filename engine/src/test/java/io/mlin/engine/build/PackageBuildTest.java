package io.mlin.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.api.EngineSettings;
import io.mlin.engine.api.MlinEngine;
import io.mlin.engine.api.PackageResult;
import io.mlin.engine.api.VariableSource;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.Processes;
import io.mlin.engine.util.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real make builds of real (small) sources through the recipes, the cache and the initramfs step. */
class PackageBuildTest {
    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private BuildOptions options() {
        return BuildOptions.defaults(dir.resolve("cache"), 0, new Log() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add("WARNING: " + message);
            }
        }).withJobs(2);
    }

    @Test
    void buildsConfigureAndKconfigPackagesIntoTheInitramfs() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        TreeBuild build = new TreeBuild(tree, options());
        Plan.Image image = build.image("app", VariableSource.treeFiles());
        Path cpio = dir.resolve("out/app.cpio");
        TreeBuild.CpioOutcome outcome = build.initramfs(image, VariableSource.treeFiles(), cpio);

        Path extracted = Files.createDirectories(dir.resolve("extracted"));
        HostTools.require("cpio", "cpio");
        Processes.run(extracted, List.of("sh", "-c", "cpio -id --quiet < " + cpio)).assertSuccess(List.of("cpio -i"));
        // The program was linked against the library found through $${libgreet}, and runs.
        Path hello = extracted.resolve("bin/hello");
        assertEquals("hello from libgreet", Processes.check(null, hello.toString()).stdout().strip());
        // Built with the hardening flags: a position-independent executable.
        HostTools.require("readelf", "binutils");
        assertTrue(Processes.check(null, "readelf", "-h", hello.toString()).stdout().contains("DYN"),
                "hello should be a PIE (-fPIE -pie)");
        // The kconfig package made its file from the config we gave it, with CFLAGS in its environment.
        String greeting = Files.readString(extracted.resolve("etc/greeting"));
        assertTrue(greeting.startsWith("bonjour\n"), greeting);
        assertTrue(greeting.contains("-fstack-protector-all"), greeting);
        assertEquals("welcome\n", Files.readString(extracted.resolve("etc/motd")));

        assertEquals(Files.size(hello), outcome.perList().get("hello"));
        assertFalse(build.builtPackages().get("hello").cacheHit());
        assertTrue(build.builtPackages().values().stream().noneMatch(p -> p.name().equals("linux")),
                "the kernel package is not needed for an initramfs");
    }

    @Test
    void unchangedPackagesComeFromTheCacheAndAChangedConfigRebuildsOnlyItsPackage() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        TreeBuild first = new TreeBuild(tree, options());
        first.buildPackage("hello");
        first.buildPackage("conf");
        Path helloFolder = first.builtPackages().get("hello").folder();

        TreeBuild second = new TreeBuild(tree, options());
        assertTrue(second.buildPackage("hello").cacheHit());
        assertTrue(second.builtPackages().get("libgreet").cacheHit());
        assertTrue(second.buildPackage("conf").cacheHit());
        assertEquals(helloFolder, second.builtPackages().get("hello").folder());

        Files.writeString(tree.resolve("_pkgs/conf/config"), "CONFIG_GREETING=salut\n");
        TreeBuild third = new TreeBuild(tree, options());
        BuiltPackage conf = third.buildPackage("conf");
        assertFalse(conf.cacheHit(), "a changed config must rebuild");
        assertEquals("salut", Files.readAllLines(conf.folder().resolve("greeting.txt")).get(0));
        assertTrue(third.buildPackage("hello").cacheHit());
    }

    @Test
    void facadeBuildsAPackageAndFindsItInTheCacheNextTime() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        MlinEngine engine = new MlinEngine(new EngineSettings(dir.resolve("cache"), Map.of(), 2, 0), Log.silent());
        PackageResult first = engine.buildPackage(tree, "hello");
        assertFalse(first.cacheHit());
        assertTrue(Files.isExecutable(first.buildDir().resolve("hello")), "the package's build folder holds its program");
        PackageResult second = engine.buildPackage(tree, "hello");
        assertTrue(second.cacheHit());
        assertEquals(first.cacheKey(), second.cacheKey());
        assertEquals(first.buildDir(), second.buildDir());
    }

    @Test
    void wrongChecksumNamesPackageUrlAndBothDigestsAndCachesNothing() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        Path makefile = tree.resolve("_pkgs/libgreet/Makefile");
        String good = Files.readString(makefile);
        String actual = good.replaceAll("(?s).*, ([0-9a-f]{64})\\).*", "$1").strip();
        String wrong = "1".repeat(64);
        Files.writeString(makefile, good.replace(actual, wrong));

        MlinException e = assertThrows(MlinException.class, () -> new TreeBuild(tree, options()).buildPackage("hello"));
        assertTrue(e.getMessage().contains("libgreet"), e.getMessage());
        assertTrue(e.getMessage().contains("libgreet-1.0.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(wrong), e.getMessage());
        assertTrue(e.getMessage().contains(actual), e.getMessage());
        assertEquals(List.of(), cacheEntries(), "nothing may be cached after a failed verification");
    }

    @Test
    void failingBuildReportsTheCommandAndLeavesNoCacheEntry() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        // A configure flag the package's configure script refuses.
        Path makefile = tree.resolve("_pkgs/libgreet/Makefile");
        Files.writeString(makefile, Files.readString(makefile).replace(")\n", ", --enable-nothing)\n"));

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> new TreeBuild(tree, options()).buildPackage("libgreet"));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("./configure"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown option --enable-nothing"), e.getMessage());
        assertEquals(List.of(), cacheEntries());
    }

    @Test
    void stoppedBuildKillsMakeAndLeavesNoCacheEntry() throws Exception {
        Path tree = SampleTrees.write(dir.resolve("tree"), dir.resolve("tarballs"));
        Path slow = SampleTrees.tarball(dir.resolve("tarballs"), "slow-1.0", ".tar.gz", "z",
                d -> Files.writeString(d.resolve("Makefile"), "include .config\nall:\n\techo $$$$ > "
                        + dir.resolve("make.pid") + "\n\tsleep 300\n"));
        SampleTrees.pkg(tree, "slow", "$(call kconfig-package, " + SampleTrees.url(slow) + ", "
                + io.mlin.engine.cache.Sha256.ofFile(slow) + ")\n", "");
        Files.writeString(tree.resolve("_pkgs/slow/config"), "CONFIG_X=y\n");

        TreeBuild build = new TreeBuild(tree, options());
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                build.buildPackage("slow");
            } catch (Throwable ex) {
                thrown[0] = ex;
            }
        });
        t.start();
        Path pidFile = dir.resolve("make.pid");
        long until = System.currentTimeMillis() + 60_000;
        while (!Files.exists(pidFile) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(pidFile), "make should have started");
        Thread.sleep(200);
        long shellPid = Long.parseLong(Files.readString(pidFile).strip());
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive());
        assertTrue(thrown[0] instanceof InterruptedException, "got " + thrown[0]);
        long deadline = System.currentTimeMillis() + 5000;
        while (ProcessHandle.of(shellPid).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(shellPid).map(ProcessHandle::isAlive).orElse(false), "make's shell survived");
        assertEquals(List.of(), cacheEntries());
    }

    /** Finished or partial build entries in the cache. */
    private List<String> cacheEntries() throws Exception {
        Path builds = dir.resolve("cache/builds");
        if (!Files.isDirectory(builds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(builds)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
