package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hudson.model.Label;
import hudson.model.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Aborting a build stops the engine on the agent and kills the process it started.
 *
 * <p>The package under build is a configure-package whose {@code ./configure} records its pid
 * and then sleeps ten minutes in place ({@code exec sleep}); its tarball is served from a
 * {@code file:} URL written by the test, so no network is needed. The build is aborted while
 * that process runs; the test then requires the build to end ABORTED, the process to be gone,
 * and nothing to be archived.
 */
@WithJenkins
class MlinAbortTest {

    @Test
    void abortKillsTheAgentSideProcess(JenkinsRule j, @TempDir Path scratch) throws Exception {
        Path pidFile = scratch.resolve("configure.pid");
        Path tarball = sleeperTarball(scratch, pidFile);
        String sha256 = TestTrees.sha256(Files.readAllBytes(tarball));

        j.createOnlineSlave(Label.get("mlin"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "abort");
        StringBuilder tree = new StringBuilder(TestTrees.writeFileSteps("tree"));
        for (Map.Entry<String, String> file : Map.of(
                        "_pkgs/sleeper/Makefile",
                        "$(call configure-package, " + tarball.toUri() + ", " + sha256 + ")\n",
                        "_pkgs/sleeper/cpio_list",
                        "# built only to be stopped\n")
                .entrySet()) {
            tree.append("writeFile(file: ")
                    .append(TestTrees.quote("tree/" + file.getKey()))
                    .append(", text: ")
                    .append(TestTrees.quote(file.getValue()))
                    .append(")\n");
        }
        job.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n" + tree + "  mlinPackage(tree: 'tree', name: 'sleeper')\n}\n", true));

        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        long pid = waitForPid(pidFile, build);
        assertTrue(alive(pid), "./configure runs as pid " + pid);

        build.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        j.assertLogContains("[mlin] stopping", build);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(alive(pid), "the engine killed ./configure (pid " + pid + ") when the build was aborted");
        assertFalse(build.getHasArtifacts(), "nothing is archived from a stopped build");
    }

    /** {@code sleeper-1.0.tar.gz} holding {@code sleeper-1.0/configure}. */
    private static Path sleeperTarball(Path scratch, Path pidFile) throws Exception {
        Path source = scratch.resolve("src/sleeper-1.0");
        Files.createDirectories(source);
        Path configure = source.resolve("configure");
        Files.writeString(
                configure, "#!/bin/sh\necho $$ > '" + pidFile + "'\nexec sleep 600\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(configure, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tarball = scratch.resolve("sleeper-1.0.tar.gz");
        HostTools.require("tar", "tar");
        HostTools.run(null, "tar", "-C", scratch.resolve("src").toString(), "-czf", tarball.toString(), "sleeper-1.0");
        return tarball;
    }

    private static long waitForPid(Path pidFile, WorkflowRun build) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Long.parseLong(lines.get(0).trim());
                }
            }
            if (!build.isBuilding()) {
                fail("the build ended before ./configure ran:\n" + JenkinsRule.getLog(build));
            }
            Thread.sleep(200);
        }
        fail("./configure did not start within 3 minutes:\n" + JenkinsRule.getLog(build));
        return -1;
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
