package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Freestyle build step "Build MLin images": the whole chain for some or all images of a tree in
 * the workspace, on the build's agent, archiving each cpio and ISO. Usable from Pipeline as
 * {@code mlinImagesBuilder(...)} too, but {@code mlinBuild} is the Pipeline step.
 */
public class MlinBuilder extends Builder implements SimpleBuildStep {
    private final String tree;
    private String images;
    private String varsDir;
    private int jobs;
    private boolean archive = true;

    @DataBoundConstructor
    public MlinBuilder(String tree) {
        String value = Outputs.blankToNull(tree);
        this.tree = value == null ? "." : value;
    }

    /** Workspace-relative folder of the MLin tree. */
    public String getTree() {
        return tree;
    }

    /** Image names separated by blanks or commas; blank for all. */
    public String getImages() {
        return images;
    }

    @DataBoundSetter
    public void setImages(String images) {
        this.images = Outputs.blankToNull(images);
    }

    /**
     * Folder of variables files ({@code <flavor>/<variant>.var} or {@code <variant>.var});
     * blank for the tree's own. {@code $VAR} references are expanded from the build environment,
     * so a folder bound by a credentials wrapper can be named.
     */
    public String getVarsDir() {
        return varsDir;
    }

    @DataBoundSetter
    public void setVarsDir(String varsDir) {
        this.varsDir = Outputs.blankToNull(varsDir);
    }

    /** Parallel jobs; 0 for the global setting. */
    public int getJobs() {
        return jobs;
    }

    @DataBoundSetter
    public void setJobs(int jobs) {
        this.jobs = Math.max(0, jobs);
    }

    public boolean isArchive() {
        return archive;
    }

    @DataBoundSetter
    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    @Override
    public void perform(
            @NonNull Run<?, ?> run,
            @NonNull FilePath workspace,
            @NonNull EnvVars env,
            @NonNull Launcher launcher,
            @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        AgentSettings settings =
                MlinGlobalConfiguration.get().agentSettings(env).withJobs(jobs);
        String expandedVarsDir = varsDir == null ? null : env.expand(varsDir);
        VariablesSpec variables = VariablesSpec.choose(null, null, expandedVarsDir);
        ArrayList<BuiltImage> built = workspace.act(new AgentCalls.BuildImages(
                settings,
                listener,
                MlinStepExecution.tempDir(workspace),
                env.expand(tree),
                Outputs.imageNames(env.expand(images == null ? "" : images)),
                variables,
                Outputs.DEFAULT_FOLDER));
        if (built.isEmpty()) {
            throw new AbortException("the tree " + tree + " defines no images");
        }
        ImageBuilds.publish(built, archive, run, workspace, launcher, listener, env);
    }

    @Symbol("mlinImagesBuilder")
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build MLin images";
        }

        /**
         * Checks the path, then, when the job has a workspace from an earlier build, that the tree
         * is there and parses cleanly. The check runs on the agent holding that workspace
         * (read-only parsing, nothing is built); without a workspace only the path is checked.
         */
        @POST
        public FormValidation doCheckTree(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            String tree = Outputs.blankToNull(value) == null ? "." : value.trim();
            FormValidation syntax = checkRelative(tree);
            if (syntax != null) {
                return syntax;
            }
            return checkOnAgent(item, tree, List.of());
        }

        /** Image names must be defined by the tree (checked as for {@link #doCheckTree}). */
        @POST
        public FormValidation doCheckImages(
                @AncestorInPath Item item, @QueryParameter String value, @QueryParameter String tree) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            List<String> names = Outputs.imageNames(value);
            if (names.isEmpty()) {
                return FormValidation.ok("All images of the tree are built");
            }
            String treePath = Outputs.blankToNull(tree) == null ? "." : tree.trim();
            if (checkRelative(treePath) != null || names.stream().anyMatch(n -> n.contains("$"))) {
                return FormValidation.ok();
            }
            return checkOnAgent(item, treePath, names);
        }

        @POST
        public FormValidation doCheckVarsDir(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            String dir = Outputs.blankToNull(value);
            if (dir == null) {
                return FormValidation.ok("The tree's own .var files are used");
            }
            if (dir.contains("$")) {
                return FormValidation.ok();
            }
            if (Path.of(dir).isAbsolute()) {
                return FormValidation.warning("An absolute folder is only accepted inside the workspace or its"
                        + " temporary folder (where credential bindings put files)");
            }
            FormValidation syntax = checkRelative(dir);
            return syntax != null ? syntax : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckJobs(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            return MlinGlobalConfiguration.checkJobs(value);
        }

        /** Null when the path is a plain workspace-relative path, else the error. */
        private static FormValidation checkRelative(String path) {
            if (path.contains("$")) {
                return FormValidation.ok("Expanded from the build environment when the build runs");
            }
            Path given = Path.of(path);
            if (given.isAbsolute()) {
                return FormValidation.error("Give a path relative to the workspace");
            }
            if (given.normalize().startsWith("..")) {
                return FormValidation.error("The path leaves the workspace");
            }
            return null;
        }

        private static FormValidation checkOnAgent(Item item, String tree, List<String> images) {
            if (!(item instanceof AbstractProject)) {
                return FormValidation.ok();
            }
            FilePath workspace = ((AbstractProject<?, ?>) item).getSomeWorkspace();
            if (workspace == null) {
                return FormValidation.ok("Checked when the build runs (no workspace yet)");
            }
            try {
                AgentSettings settings = MlinGlobalConfiguration.get().agentSettings(null);
                List<String> problems =
                        workspace.act(new AgentCalls.CheckTree(settings, TaskListener.NULL, tree, images));
                if (problems.isEmpty()) {
                    return FormValidation.ok();
                }
                return FormValidation.error(String.join("; ", problems));
            } catch (IOException e) {
                return FormValidation.warning("Could not check in the last workspace: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FormValidation.warning("Check interrupted");
            }
        }
    }
}
