package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import java.util.ArrayList;
import java.util.HashMap;
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
 * {@code mlinImages(tree: '.')}: the images of a tree as a list of maps with the keys
 * {@code name}, {@code flavor}, {@code variant} ({@code null} when the flavor has no
 * {@code .var} files) and {@code kernel}; plain collections, so a sandboxed Pipeline can build
 * its {@code parallel} map from them.
 */
public final class MlinImagesStep extends Step {
    private String tree = ".";

    @DataBoundConstructor
    public MlinImagesStep() {}

    public String getTree() {
        return tree;
    }

    /** Workspace-relative folder of the MLin tree; {@code .} by default. */
    @DataBoundSetter
    public void setTree(String tree) {
        String value = Outputs.blankToNull(tree);
        this.tree = value == null ? "." : value;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "mlinImages";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "List the images of an MLin tree";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<List<Map<String, String>>> {
        private static final long serialVersionUID = 1L;
        private final transient MlinImagesStep step;

        Execution(MlinImagesStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, String>> run() throws Exception {
            FilePath workspace = workspace();
            ArrayList<HashMap<String, String>> images =
                    workspace.act(new AgentCalls.ListImages(settings(), listener(), tempDir(workspace), step.tree));
            listener().getLogger().println("[mlin] " + images.size() + " image(s) in " + step.tree);
            List<Map<String, String>> result = new ArrayList<>();
            result.addAll(images);
            return result;
        }
    }
}
