package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The freestyle form's checks: nothing is revealed or run for a user who may not configure the
 * job; for one who may, the tree is checked in the job's last workspace.
 */
@WithJenkins
class MlinFormValidationTest {

    @Test
    void checksAnswerNothingWithoutConfigurePermission(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE)
                .everywhere()
                .to("configurer"));
        FreeStyleProject project = j.createFreeStyleProject("validated");
        writeTreeIntoWorkspace(j, project);
        MlinBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(MlinBuilder.DescriptorImpl.class);

        try (ACLContext as = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckTree(project, "/etc").kind);
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckTree(project, "no-such-tree").kind);
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckImages(project, "guest/site-z", "tree").kind);
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckJobs(project, "-4").kind);
        }

        try (ACLContext as = ACL.as2(User.getById("configurer", true).impersonate2())) {
            assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckTree(project, "/etc").kind);
            assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckTree(project, "../elsewhere").kind);
            assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckJobs(project, "-4").kind);
            // These run on the (built-in) node holding the last workspace: parsing only.
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckTree(project, "tree").kind);
            FormValidation missing = descriptor.doCheckTree(project, "no-such-tree");
            assertEquals(FormValidation.Kind.ERROR, missing.kind);
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
            assertEquals(
                    FormValidation.Kind.OK,
                    descriptor.doCheckImages(project, "guest/site-a guest/site-b", "tree").kind);
            FormValidation unknown = descriptor.doCheckImages(project, "guest/site-a guest/site-z", "tree");
            assertEquals(FormValidation.Kind.ERROR, unknown.kind);
            assertTrue(unknown.getMessage().contains("guest/site-z"), unknown.getMessage());
        }
    }

    /** A first (empty) build gives the job a workspace; the test then puts the tree there. */
    private static void writeTreeIntoWorkspace(JenkinsRule j, FreeStyleProject project) throws Exception {
        j.buildAndAssertSuccess(project);
        FilePath workspace = project.getSomeWorkspace();
        assertTrue(workspace != null, "the first build left a workspace");
        for (Map.Entry<String, String> file : TestTrees.files().entrySet()) {
            FilePath target = workspace.child("tree/" + file.getKey());
            target.getParent().mkdirs();
            target.write(file.getValue(), "UTF-8");
        }
    }
}
