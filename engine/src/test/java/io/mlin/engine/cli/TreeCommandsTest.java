package io.mlin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.HostCommand;
import io.mlin.engine.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlin images} and {@code mlin check} on the fixture trees. */
class TreeCommandsTest {
    private final String upstream = Trees.fixture("upstream").toString();

    @Test
    void imagesOneLinePerImage() {
        CliRun run = CliRun.of("images", upstream);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(
                "guest  kernel=linux  packages=base,linux,busybox",
                "router/site-a  kernel=linux  packages=base,libfoo,footool,linux,busybox",
                "router/site-b  kernel=linux  packages=base,libfoo,footool,linux,busybox"), run.out().lines().toList());
    }

    @Test
    void imagesAsJsonThatPythonReads(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("images", "--json", upstream);
        assertEquals(0, run.exitCode(), run.err());
        HostTools.require("python3", "python3");
        Path json = dir.resolve("images.json");
        Files.writeString(json, run.out());
        // An independent JSON reader checks syntax and content.
        String summary = HostCommand.output(dir, "python3", "-c",
                "import json,sys\n"
                        + "for i in json.load(open(sys.argv[1])):\n"
                        + "  print(i['name'], i['flavor'], i['variant'], i['kernel'], ','.join(i['packages']), ','.join(i['cpioLists']))",
                json.toString());
        assertEquals(List.of(
                "guest guest None linux base,linux,busybox _pkgs/base/cpio_list,_pkgs/busybox/cpio_list,guest/cpio_list",
                "router/site-a router site-a linux base,libfoo,footool,linux,busybox"
                        + " _pkgs/base/cpio_list,_pkgs/libfoo/cpio_list,_pkgs/footool/cpio_list,_pkgs/busybox/cpio_list,router/cpio_list",
                "router/site-b router site-b linux base,libfoo,footool,linux,busybox"
                        + " _pkgs/base/cpio_list,_pkgs/libfoo/cpio_list,_pkgs/footool/cpio_list,_pkgs/busybox/cpio_list,router/cpio_list"),
                summary.lines().toList());
    }

    @Test
    void checkSaysOkWithCounts() {
        CliRun run = CliRun.of("check", upstream);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("ok: 5 packages, 2 flavors, 3 images\n", run.out());
    }

    @Test
    void checkPrintsEveryProblemAndFails() {
        Path root = Trees.fixture("broken-graph");
        CliRun run = CliRun.of("check", root.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of(
                root.resolve("_pkgs/c/deps") + ":1: dependency cycle: a -> b -> c -> a: expected packages that do not depend on themselves",
                root.resolve("nokernel/deps") + ": flavor 'nokernel' reaches no kernel package: expected exactly one"
                        + " kernel-package among its deps (directly or through their deps)",
                root.resolve("twokernels/deps") + ": flavor 'twokernels' reaches 2 kernel packages (k1, k2): expected exactly one",
                "3 problems"), run.out().lines().toList());
    }

    @Test
    void imagesOfABrokenTreeFailsWithTheProblems() {
        CliRun run = CliRun.of("images", Trees.fixture("broken-graph").toString());
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("error: ") && run.err().contains("dependency cycle: a -> b -> c -> a"), run.err());
    }
}
