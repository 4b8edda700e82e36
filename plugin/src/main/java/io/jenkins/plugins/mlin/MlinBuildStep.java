package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mlinBuild(tree: '.', images: 'guest/site-a')}: the whole chain (packages, initramfs,
 * kernel, ISO) for some or all images of a tree, on the agent; the usual body of one
 * {@code parallel} branch. Archives and fingerprints each cpio and ISO unless
 * {@code archive: false}. Returns one map per image: {@code name}, {@code cpio},
 * {@code kernel}, {@code iso}, {@code isoBytes}, {@code isoSha256}, {@code kernelVersion},
 * {@code warnings}.
 */
public final class MlinBuildStep extends Step {
    private String tree = ".";
    private String images;
    private Map<String, String> vars;
    private String varsFile;
    private String varsDir;
    private String outputDir = Outputs.DEFAULT_FOLDER;
    private boolean archive = true;

    @DataBoundConstructor
    public MlinBuildStep() {}

    public String getTree() {
        return tree;
    }

    @DataBoundSetter
    public void setTree(String tree) {
        String value = Outputs.blankToNull(tree);
        this.tree = value == null ? "." : value;
    }

    /** Image names separated by blanks or commas; blank for every image of the tree. */
    public String getImages() {
        return images;
    }

    @DataBoundSetter
    public void setImages(String images) {
        this.images = Outputs.blankToNull(images);
    }

    /** The variables as given in the Pipeline, or {@code null}; never shown in a form. */
    public Object getVars() {
        return vars;
    }

    @DataBoundSetter
    public void setVars(Object vars) {
        this.vars = StepArguments.variables(vars);
    }

    public String getVarsFile() {
        return varsFile;
    }

    @DataBoundSetter
    public void setVarsFile(String varsFile) {
        this.varsFile = Outputs.blankToNull(varsFile);
    }

    public String getVarsDir() {
        return varsDir;
    }

    @DataBoundSetter
    public void setVarsDir(String varsDir) {
        this.varsDir = Outputs.blankToNull(varsDir);
    }

    public String getOutputDir() {
        return outputDir;
    }

    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        String value = Outputs.blankToNull(outputDir);
        this.outputDir = value == null ? Outputs.DEFAULT_FOLDER : value;
    }

    public boolean isArchive() {
        return archive;
    }

    @DataBoundSetter
    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "mlinBuild";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build MLin images (initramfs, kernel and ISO)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private final transient MlinBuildStep step;

        Execution(MlinBuildStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> run() throws Exception {
            FilePath workspace = workspace();
            VariablesSpec variables = VariablesSpec.choose(step.vars, step.varsFile, step.varsDir);
            ArrayList<BuiltImage> built = workspace.act(new AgentCalls.BuildImages(
                    settings(),
                    listener(),
                    tempDir(workspace),
                    step.tree,
                    Outputs.imageNames(step.images),
                    variables,
                    step.outputDir));
            ImageBuilds.publish(
                    built,
                    step.archive,
                    build(),
                    workspace,
                    getContext().get(Launcher.class),
                    listener(),
                    getContext().get(EnvVars.class));
            return ImageBuilds.asMaps(built);
        }
    }
}
