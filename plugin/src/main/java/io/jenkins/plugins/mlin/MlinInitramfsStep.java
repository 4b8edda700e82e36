package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
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
 * {@code mlinInitramfs(tree: '.', image: 'guest/site-a', output: ...)}: the image's initramfs
 * cpio, byte-compatible with the kernel's {@code gen_init_cpio}. Variables come from the tree's
 * {@code .var} files unless one of {@code vars} (a map), {@code varsFile} or {@code varsDir}
 * is given. Returns the workspace-relative path of the cpio; archives it unless
 * {@code archive: false}.
 */
public final class MlinInitramfsStep extends Step {
    private final String image;
    private String tree = ".";
    private Map<String, String> vars;
    private String varsFile;
    private String varsDir;
    private String output;
    private boolean archive = true;

    @DataBoundConstructor
    public MlinInitramfsStep(String image) {
        this.image = Outputs.blankToNull(image);
        if (this.image == null) {
            throw new IllegalArgumentException("mlinInitramfs needs an image name such as 'guest/site-a'");
        }
    }

    public String getImage() {
        return image;
    }

    public String getTree() {
        return tree;
    }

    @DataBoundSetter
    public void setTree(String tree) {
        String value = Outputs.blankToNull(tree);
        this.tree = value == null ? "." : value;
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

    /** Workspace-relative cpio path; {@code null} for {@code mlin-out/<flavor>[-<variant>].cpio}. */
    public String getOutput() {
        return output;
    }

    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Outputs.blankToNull(output);
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
            return "mlinInitramfs";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build the initramfs (cpio) of an MLin image";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient MlinInitramfsStep step;

        Execution(MlinInitramfsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            FilePath workspace = workspace();
            VariablesSpec variables = VariablesSpec.choose(step.vars, step.varsFile, step.varsDir);
            BuiltFile cpio = workspace.act(new AgentCalls.Initramfs(
                    settings(), listener(), tempDir(workspace), step.tree, step.image, variables, step.output));
            listener()
                    .getLogger()
                    .println("[mlin] " + step.image + ": " + cpio.getPath() + ", " + cpio.getBytes() + " bytes, sha256 "
                            + cpio.getSha256());
            ImageRecord record = new ImageRecord(step.image);
            if (step.archive) {
                archive(List.of(cpio.getPath()));
                record.cpio(cpio.getPath());
            }
            MlinImagesAction.record(build(), record);
            return cpio.getPath();
        }
    }
}
