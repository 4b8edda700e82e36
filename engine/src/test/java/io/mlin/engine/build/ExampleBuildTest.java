package io.mlin.engine.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.api.EngineSettings;
import io.mlin.engine.api.ImageResult;
import io.mlin.engine.api.MlinEngine;
import io.mlin.engine.api.VariableSource;
import io.mlin.engine.fetch.Overrides;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.testsupport.QemuUefi;
import io.mlin.engine.util.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's main job, end to end: the offline example tree (Debian's linux-source in place of
 * the recipe's kernel.org tarball, host busybox-static), both variants, booted under QEMU + OVMF.
 * The kernel compiles once; the second variant only relinks; a rebuild runs no make at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleBuildTest {
    static final Path EXAMPLE = Path.of("..", "examples", "offline").toAbsolutePath().normalize();
    static final Path WORK = LinuxSource.WORK.resolve("example");
    static final Path CACHE = WORK.resolve("cache");
    private static final List<String> FIRMWARE_GAVE_UP = List.of("failed to load Boot", "Shell>");

    private static BuildOptions options() {
        return BuildOptions.defaults(CACHE, 0, Log.to(System.out))
                .withOverrides(Overrides.of(Map.of("linux", LinuxSource.tarball())));
    }

    /**
     * Builds step by step, with values from a map that carry a per-run nonce, so the initramfs is
     * new on every run (the kernel image cache cannot answer) while the compiled kernel objects
     * are reused when an earlier run left them.
     */
    @Test
    @Order(1)
    void variantsRelinkTheOnceCompiledKernelAndBootWithTheirOwnValues() throws Exception {
        TreeBuild build = new TreeBuild(EXAMPLE, options());
        Path out = WORK.resolve("out-1");
        String nonce = Long.toString(System.currentTimeMillis(), 36);
        Map<String, VariableSource> values = Map.of(
                "alpha", VariableSource.map(Map.of("SITE", "alpha-" + nonce, "ID", "7")),
                "beta", VariableSource.map(Map.of("SITE", "beta-" + nonce, "ID", "5")));

        Plan.Image alpha = build.image("hello/alpha", VariableSource.treeFiles());
        TreeBuild.CpioOutcome alphaCpio = build.initramfs(alpha, values.get("alpha"), out.resolve("hello-alpha.cpio"));
        TreeBuild.KernelOutcome alphaKernel = build.kernel(alpha, alphaCpio.file(), out.resolve("hello-alpha.bzImage"));
        Path objects = onlyKernelObjectFolder();
        FileTime compiled = Files.getLastModifiedTime(objects.resolve("init/main.o"));

        Plan.Image beta = build.image("hello/beta", VariableSource.treeFiles());
        TreeBuild.CpioOutcome betaCpio = build.initramfs(beta, values.get("beta"), out.resolve("hello-beta.cpio"));
        TreeBuild.KernelOutcome betaKernel = build.kernel(beta, betaCpio.file(), out.resolve("hello-beta.bzImage"));

        assertTrue(List.of("compiled", "relinked").contains(alphaKernel.work()), alphaKernel.work());
        assertEquals("relinked", betaKernel.work(), "the second variant must only relink");
        assertEquals(compiled, Files.getLastModifiedTime(objects.resolve("init/main.o")),
                "init/main.o was compiled again for the second variant");
        assertTrue(alphaKernel.warnings().stream().anyMatch(w -> w.contains("HYPERV")),
                "the example's defconfig lacks Hyper-V drivers: the check must say so " + alphaKernel.warnings());

        for (String variant : List.of("alpha", "beta")) {
            Path iso = out.resolve("hello-" + variant + ".iso");
            TreeBuild.iso(out.resolve("hello-" + variant + ".bzImage"), iso, "HELLO", 0);
            String answer = variant.equals("alpha") ? "42" : "30";
            String marker = "MLIN-HELLO site=" + variant + "-" + nonce + " answer=" + answer;
            QemuUefi.Boot boot = QemuUefi.boot(iso, marker, FIRMWARE_GAVE_UP, Duration.ofSeconds(300),
                    WORK.resolve(variant + "-console.log"));
            assertTrue(boot.markerSeen(), boot.describe("no '" + marker + "' on the console"));
            assertTrue(boot.console().contains("This is the " + variant + "-" + nonce + " image, built by MLin."),
                    boot.describe("the substituted motd is missing"));
            assertTrue(boot.exitedByItself(), boot.describe("the guest did not power off"));
        }
    }

    @Test
    @Order(2)
    void unchangedRebuildRunsNoMakeAndGivesIdenticalBytes() throws Exception {
        Path first = WORK.resolve("out-2a");
        Path second = WORK.resolve("out-2b");
        List<ImageReport> a = new TreeBuild(EXAMPLE, options()).buildImages(List.of(), VariableSource.treeFiles(), first);
        // The second run goes through the facade the Jenkins plugin calls.
        MlinEngine engine = new MlinEngine(new EngineSettings(CACHE, Map.of(), 2, 0)
                .withOverrides(Map.of("linux", LinuxSource.tarball())), Log.to(System.out));
        List<ImageResult> b = engine.build(EXAMPLE, List.of(), VariableSource.treeFiles(), second);

        assertEquals(List.of("hello/alpha", "hello/beta"), b.stream().map(ImageResult::name).toList());
        assertEquals(a.get(1).isoSha256(), b.get(1).isoSha256());
        assertTrue(b.get(0).kernelVersion().startsWith("6.1"), b.get(0).kernelVersion());
        String secondReport = Files.readString(second.resolve("report.json"));
        assertTrue(secondReport.contains("\"work\": \"cached\""), "an unchanged image must not run make: " + secondReport);
        assertFalse(secondReport.contains("\"work\": \"relinked\"") || secondReport.contains("\"work\": \"compiled\""),
                secondReport);
        for (String file : List.of("hello-alpha.cpio", "hello-alpha.iso", "hello-beta.cpio", "hello-beta.iso", "report.json")) {
            if (!file.equals("report.json")) {
                assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)),
                        file + " differs between two builds of the same tree");
            }
            assertTrue(Files.isRegularFile(second.resolve(file)), file);
        }
        String report = Files.readString(second.resolve("report.json"));
        assertTrue(report.contains("\"name\": \"hello/beta\""), report);
        assertTrue(report.contains("\"overridden\": true"), "the linux override must show in the report");
        assertTrue(report.contains("\"sha256\": \"" + a.get(0).isoSha256() + "\""), report);
    }

    private static Path onlyKernelObjectFolder() throws Exception {
        try (var s = Files.list(CACHE.resolve("kernels"))) {
            List<Path> dirs = s.filter(Files::isDirectory).toList();
            assertEquals(1, dirs.size(), "one kernel object folder expected: " + dirs);
            return dirs.get(0);
        }
    }
}
