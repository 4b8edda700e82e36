package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertFalse;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The freestyle step on an agent: a tree with a mistake fails the build with the file and line
 * of the mistake, before anything is built, and nothing is archived.
 */
@WithJenkins
class MlinFreestyleTest {

    @Test
    void brokenTreeFailsTheBuildNamingFileAndLine(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        FreeStyleProject project = j.createFreeStyleProject("freestyle");
        project.setAssignedNode(agent);
        Map<String, String> files = TestTrees.files();
        // The third line names a package that no _pkgs/ folder defines.
        files.put("guest/deps", "base\nlinux\nno-such-package\n");
        project.getBuildersList().add(new WriteTree(files));
        MlinBuilder builder = new MlinBuilder("tree");
        builder.setImages("guest/site-a");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = j.buildAndAssertStatus(Result.FAILURE, project);
        j.assertLogContains("guest/deps:3:", build);
        j.assertLogContains("no-such-package", build);
        assertFalse(build.getHasArtifacts(), "a failed build archives nothing");
    }

    /** Writes the tree into the build's workspace (on the agent) before the MLin step runs. */
    private static final class WriteTree extends TestBuilder {
        private final Map<String, String> files;

        WriteTree(Map<String, String> files) {
            this.files = files;
        }

        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            FilePath workspace = build.getWorkspace();
            for (Map.Entry<String, String> file : files.entrySet()) {
                FilePath target = workspace.child("tree/" + file.getKey());
                target.getParent().mkdirs();
                target.write(file.getValue(), "UTF-8");
            }
            return true;
        }
    }
}
