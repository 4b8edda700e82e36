package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.FreeStyleProject;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every form (Snippet Generator, freestyle, global) gives back what it was given. */
@WithJenkins
class MlinConfigurationTest {

    @Test
    void stepsRoundTripThroughTheSnippetGeneratorForms(JenkinsRule j) throws Exception {
        StepConfigTester tester = new StepConfigTester(j);

        MlinImagesStep images = new MlinImagesStep();
        images.setTree("trees/edge");
        j.assertEqualDataBoundBeans(images, tester.configRoundTrip(images));

        MlinPackageStep pkg = new MlinPackageStep("busybox");
        pkg.setTree("trees/edge");
        j.assertEqualDataBoundBeans(pkg, tester.configRoundTrip(pkg));

        MlinInitramfsStep initramfs = new MlinInitramfsStep("guest/site-a");
        initramfs.setTree("trees/edge");
        initramfs.setVarsFile("site-a.var");
        initramfs.setOutput("out/a.cpio");
        initramfs.setArchive(false);
        j.assertEqualDataBoundBeans(initramfs, tester.configRoundTrip(initramfs));

        MlinInitramfsStep initramfsFromDir = new MlinInitramfsStep("guest/site-b");
        initramfsFromDir.setVarsDir("site-vars");
        j.assertEqualDataBoundBeans(initramfsFromDir, tester.configRoundTrip(initramfsFromDir));

        MlinKernelStep kernel = new MlinKernelStep("guest/site-a");
        kernel.setInitramfs("out/a.cpio");
        kernel.setOutput("out/a.bzImage");
        j.assertEqualDataBoundBeans(kernel, tester.configRoundTrip(kernel));

        MlinIsoStep iso = new MlinIsoStep("out/a.bzImage");
        iso.setOutput("out/a.iso");
        iso.setVolumeId("SITE_A");
        iso.setImage("guest/site-a");
        iso.setArchive(false);
        j.assertEqualDataBoundBeans(iso, tester.configRoundTrip(iso));

        MlinBuildStep build = new MlinBuildStep();
        build.setTree("trees/edge");
        build.setImages("guest/site-a guest/site-b");
        build.setVarsDir("site-vars");
        build.setOutputDir("images");
        build.setArchive(false);
        j.assertEqualDataBoundBeans(build, tester.configRoundTrip(build));

        // Defaults survive too (archive on, outputs in mlin-out).
        MlinBuildStep defaults = tester.configRoundTrip(new MlinBuildStep());
        assertEquals(".", defaults.getTree());
        assertEquals("mlin-out", defaults.getOutputDir());
        assertEquals(true, defaults.isArchive());
    }

    @Test
    void freestyleStepRoundTrips(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        MlinBuilder before = new MlinBuilder("trees/edge");
        before.setImages("guest/site-a guest/site-b");
        before.setVarsDir("site-vars");
        before.setJobs(3);
        before.setArchive(false);
        project.getBuildersList().add(before);
        project = j.configRoundtrip(project);
        j.assertEqualDataBoundBeans(before, project.getBuildersList().get(MlinBuilder.class));

        FreeStyleProject plain = j.createFreeStyleProject();
        plain.getBuildersList().add(new MlinBuilder("."));
        plain = j.configRoundtrip(plain);
        MlinBuilder after = plain.getBuildersList().get(MlinBuilder.class);
        assertEquals(true, after.isArchive());
        assertEquals(0, after.getJobs());
    }

    @Test
    void globalConfigurationRoundTripsThroughTheSystemPage(JenkinsRule j) throws Exception {
        MlinGlobalConfiguration config = MlinGlobalConfiguration.get();
        config.setCacheDir("/var/cache/mlin");
        config.setMirrors("https://cdn.kernel.org/pub/ https://mirror.example.com/kernel/\n"
                + "# a comment\n"
                + "https://busybox.net/downloads/ https://mirror.example.com/busybox/");
        config.setJobs(6);
        j.submit(j.createWebClient().goTo("configure").getFormByName("config"));
        assertEquals("/var/cache/mlin", config.getCacheDir());
        assertEquals(6, config.getJobs());
        assertEquals(
                Map.of(
                        "https://cdn.kernel.org/pub/", "https://mirror.example.com/kernel/",
                        "https://busybox.net/downloads/", "https://mirror.example.com/busybox/"),
                MlinGlobalConfiguration.parseMirrors(config.getMirrors()));
    }

    @Test
    void badMirrorLinesAndEpochsAreRefusedWithTheirLine(JenkinsRule j) {
        AbortException mirror = assertThrows(
                AbortException.class,
                () -> MlinGlobalConfiguration.parseMirrors("https://a/ https://b/\nhttps://only-one/"));
        assertEquals(
                "MLin mirrors, line 2: expected '<original URL prefix> <mirror URL prefix>', got 'https://only-one/'",
                mirror.getMessage());

        EnvVars env = new EnvVars();
        env.put("SOURCE_DATE_EPOCH", "yesterday");
        AbortException epoch = assertThrows(
                AbortException.class, () -> MlinGlobalConfiguration.get().agentSettings(env));
        assertEquals("SOURCE_DATE_EPOCH must be a number of seconds, got 'yesterday'", epoch.getMessage());
    }
}
