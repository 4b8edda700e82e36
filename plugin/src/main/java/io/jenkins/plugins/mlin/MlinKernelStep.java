package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mlinKernel(tree: '.', image: 'guest/site-a', initramfs: ..., output: ...)}: the
 * image's kernel with its initramfs built in. The kernel is compiled once per (source,
 * defconfig) on an agent and kept in its cache; later images on that agent only relink.
 * Returns the workspace-relative path of the bzImage. Kernel configuration warnings go to the
 * console and to the build's MLin summary.
 */
public final class MlinKernelStep extends Step {
    private final String image;
    private String tree = ".";
    private String initramfs;
    private String output;

    @DataBoundConstructor
    public MlinKernelStep(String image) {
        this.image = Outputs.blankToNull(image);
        if (this.image == null) {
            throw new IllegalArgumentException("mlinKernel needs an image name such as 'guest/site-a'");
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

    /** Workspace-relative cpio; {@code null} for the default output of {@code mlinInitramfs}. */
    public String getInitramfs() {
        return initramfs;
    }

    @DataBoundSetter
    public void setInitramfs(String initramfs) {
        this.initramfs = Outputs.blankToNull(initramfs);
    }

    /** Workspace-relative bzImage path; {@code null} for {@code mlin-out/<flavor>[-<variant>].bzImage}. */
    public String getOutput() {
        return output;
    }

    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Outputs.blankToNull(output);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "mlinKernel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build the kernel of an MLin image";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient MlinKernelStep step;

        Execution(MlinKernelStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            FilePath workspace = workspace();
            BuiltKernel kernel = workspace.act(new AgentCalls.Kernel(
                    settings(), listener(), tempDir(workspace), step.tree, step.image, step.initramfs, step.output));
            listener()
                    .getLogger()
                    .println("[mlin] " + step.image + ": kernel " + kernel.getVersion() + " "
                            + (kernel.isRelinked() ? "relinked" : "compiled") + " into " + kernel.getPath());
            for (String warning : kernel.getConfigWarnings()) {
                listener().getLogger().println("[mlin] WARNING: " + warning);
            }
            MlinImagesAction.record(
                    build(), new ImageRecord(step.image).kernel(kernel.getVersion(), kernel.getConfigWarnings()));
            return kernel.getPath();
        }
    }
}
