package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Label;
import hudson.model.Result;
import hudson.tasks.Fingerprinter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Pipelines on a real agent (a separate JVM, so every engine call crosses the remoting channel).
 * The steps under test build only what needs no download and no compile: initramfs archives of
 * a source-only tree, and ISOs around a kernel file the Pipeline writes.
 */
@WithJenkins
class MlinPipelineTest {

    /** The documented fan-out: one parallel branch per image, each archiving its cpio and ISO. */
    @Test
    void fansOutVariantsInParallelAndArchivesBothIsos(JenkinsRule j, @TempDir Path scratch) throws Exception {
        j.createOnlineSlave(Label.get("mlin"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "fan-out");
        job.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n"
                        + TestTrees.writeFileSteps("tree")
                        + "  def images = mlinImages(tree: 'tree')\n"
                        + "  echo \"images: ${images.collect { it.name }.sort()}\"\n"
                        + "  parallel images.collectEntries { img ->\n"
                        + "    [(img.name): {\n"
                        + "      def cpio = mlinInitramfs(tree: 'tree', image: img.name)\n"
                        + "      def kernel = \"kernels/${img.variant}.bzImage\"\n"
                        + "      writeFile(file: kernel, text: 'MZ stand-in kernel for ' + img.name)\n"
                        + "      def iso = mlinIso(kernel: kernel, image: img.name)\n"
                        + "      echo \"built ${cpio} and ${iso}\"\n"
                        + "    }]\n"
                        + "  }\n"
                        + "}\n",
                true));
        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("images: [guest/site-a, guest/site-b]", build);
        j.assertLogContains("built mlin-out/guest-site-a.cpio and mlin-out/site-a.iso", build);
        j.assertLogContains("built mlin-out/guest-site-b.cpio and mlin-out/site-b.iso", build);

        // Both branches' images are in one action, each with the sha256 of the archived bytes.
        MlinImagesAction action = build.getAction(MlinImagesAction.class);
        assertNotNull(action, "the build lists its images");
        assertEquals(1, build.getActions(MlinImagesAction.class).size(), "parallel branches share one action");
        List<ImageRecord> images = action.getImages();
        assertEquals(
                List.of("guest/site-a", "guest/site-b"),
                images.stream().map(ImageRecord::getName).collect(Collectors.toList()));
        VirtualFile artifacts = build.getArtifactManager().root();
        for (ImageRecord image : images) {
            String variant = image.getName().substring("guest/".length());
            assertEquals("mlin-out/" + variant + ".iso", image.getIsoArtifact());
            assertEquals("mlin-out/guest-" + variant + ".cpio", image.getCpioArtifact());
            VirtualFile iso = artifacts.child(image.getIsoArtifact());
            assertTrue(iso.isFile(), image.getIsoArtifact() + " is archived");
            byte[] isoBytes;
            try (InputStream in = iso.open()) {
                isoBytes = in.readAllBytes();
            }
            assertEquals(TestTrees.sha256(isoBytes), image.getIsoSha256());
            assertEquals(Long.valueOf(isoBytes.length), image.getIsoBytes());

            // An independent reader sees an ISO 9660 volume named after the file.
            Path isoFile = scratch.resolve(variant + ".iso");
            Files.write(isoFile, isoBytes);
            HostTools.require("isoinfo", "genisoimage");
            String info = HostTools.run(null, "isoinfo", "-d", "-i", isoFile.toString());
            assertTrue(info.contains("Volume id: " + variant.toUpperCase().replace('-', '_')), info);

            // The variant's value went into the initramfs (cpio reads the archived file).
            Path cpioFile = scratch.resolve(variant + ".cpio");
            try (InputStream in = artifacts.child(image.getCpioArtifact()).open()) {
                Files.write(cpioFile, in.readAllBytes());
            }
            HostTools.require("cpio", "cpio");
            String hostname = HostTools.run(cpioFile, "cpio", "-i", "--quiet", "--to-stdout", "etc/hostname");
            assertEquals("guest-" + (variant.equals("site-a") ? "1" : "2") + "\n", hostname);
        }

        Fingerprinter.FingerprintAction fingerprints = build.getAction(Fingerprinter.FingerprintAction.class);
        assertNotNull(fingerprints, "archived outputs are fingerprinted");
        assertTrue(
                fingerprints
                        .getFingerprints()
                        .keySet()
                        .containsAll(List.of(
                                "mlin-out/site-a.iso",
                                "mlin-out/site-b.iso",
                                "mlin-out/guest-site-a.cpio",
                                "mlin-out/guest-site-b.cpio")),
                fingerprints.getFingerprints().keySet().toString());

        // The build page and the action page render the table (Jelly is exercised, not just compiled).
        JenkinsRule.WebClient web = j.createWebClient();
        String buildPage = web.getPage(build).asNormalizedText();
        assertTrue(buildPage.contains("MLin images"), buildPage);
        assertTrue(buildPage.contains("guest/site-b"), buildPage);
        String actionPage = web.getPage(build, "mlin/").asNormalizedText();
        assertTrue(actionPage.contains(images.get(0).getIsoSha256()), actionPage);
    }

    /** Variables from a map, never printed; paths leaving the workspace are refused. */
    @Test
    void variablesFromMapAndWorkspaceEscapesRefused(JenkinsRule j, @TempDir Path scratch) throws Exception {
        j.createOnlineSlave(Label.get("mlin"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "vars-map");
        job.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n"
                        + TestTrees.writeFileSteps("tree")
                        + "  def cpio = mlinInitramfs(tree: 'tree', image: 'guest/site-a', vars: [ID: 'secret-42'],"
                        + " output: 'out/a.cpio', archive: false)\n"
                        + "  echo \"cpio at ${cpio}\"\n"
                        + "}\n",
                true));
        WorkflowRun build = j.buildAndAssertSuccess(job);
        j.assertLogContains("cpio at out/a.cpio", build);
        j.assertLogNotContains("secret-42", build);
        assertFalse(build.getHasArtifacts(), "archive: false archives nothing");

        Path cpioFile = scratch.resolve("a.cpio");
        Files.write(cpioFile, agentWorkspaceFile(j, job, "out/a.cpio"));
        HostTools.require("cpio", "cpio");
        assertEquals(
                "guest-secret-42\n", HostTools.run(cpioFile, "cpio", "-i", "--quiet", "--to-stdout", "etc/hostname"));

        WorkflowJob escape = j.createProject(WorkflowJob.class, "escape");
        escape.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n"
                        + TestTrees.writeFileSteps("tree")
                        + "  mlinInitramfs(tree: 'tree', image: 'guest/site-a', output: '../outside.cpio')\n"
                        + "}\n",
                true));
        WorkflowRun refused = j.buildAndAssertStatus(Result.FAILURE, escape);
        j.assertLogContains("output '../outside.cpio' leaves the workspace", refused);

        WorkflowJob both = j.createProject(WorkflowJob.class, "two-sources");
        both.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n"
                        + TestTrees.writeFileSteps("tree")
                        + "  mlinInitramfs(tree: 'tree', image: 'guest/site-a', vars: [ID: '1'], varsFile: 'x.var')\n"
                        + "}\n",
                true));
        j.assertLogContains(
                "give at most one of vars, varsFile and varsDir", j.buildAndAssertStatus(Result.FAILURE, both));
    }

    /** A file credential bound by withCredentials lies outside the workspace, in its @tmp folder: accepted. */
    @Test
    void variablesFileFromFileCredential(JenkinsRule j, @TempDir Path scratch) throws Exception {
        j.createOnlineSlave(Label.get("mlin"));
        FileCredentialsImpl credential = new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "site-a-vars",
                "variables of site A",
                "site-a.var",
                SecretBytes.fromBytes("ID=77\n".getBytes(StandardCharsets.UTF_8)));
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(), credential);
        WorkflowJob job = j.createProject(WorkflowJob.class, "vars-credential");
        job.setDefinition(new CpsFlowDefinition(
                "node('mlin') {\n"
                        + TestTrees.writeFileSteps("tree")
                        + "  withCredentials([file(credentialsId: 'site-a-vars', variable: 'VARS')]) {\n"
                        + "    mlinInitramfs(tree: 'tree', image: 'guest/site-a', varsFile: env.VARS,"
                        + " output: 'out/a.cpio', archive: false)\n"
                        + "  }\n"
                        + "}\n",
                true));
        WorkflowRun build = j.buildAndAssertSuccess(job);
        Path cpioFile = scratch.resolve("a.cpio");
        Files.write(cpioFile, agentWorkspaceFile(j, job, "out/a.cpio"));
        HostTools.require("cpio", "cpio");
        assertEquals("guest-77\n", HostTools.run(cpioFile, "cpio", "-i", "--quiet", "--to-stdout", "etc/hostname"));
        j.assertLogNotContains("ID=77", build);
    }

    /** Reads a file of the job's workspace on the agent that last built it. */
    private static byte[] agentWorkspaceFile(JenkinsRule j, WorkflowJob job, String path) throws Exception {
        WorkflowRun last = job.getLastBuild();
        assertNotNull(last);
        for (hudson.model.Node node : j.jenkins.getNodes()) {
            hudson.FilePath workspace = node.getWorkspaceFor(job);
            if (workspace != null && workspace.child(path).exists()) {
                try (InputStream in = workspace.child(path).read()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(path + " not found in any workspace of " + job.getFullName());
    }
}
