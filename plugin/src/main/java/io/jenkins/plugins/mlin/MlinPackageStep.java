package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mlinPackage(tree: '.', name: 'busybox')}: builds one package and its dependencies into
 * the agent's cache (a later build on that agent finds it there). Returns a map with
 * {@code name}, {@code buildDir} (a path on the agent), {@code cacheKey} and {@code cacheHit}.
 */
public final class MlinPackageStep extends Step {
    private final String name;
    private String tree = ".";

    @DataBoundConstructor
    public MlinPackageStep(String name) {
        this.name = Outputs.blankToNull(name);
        if (this.name == null) {
            throw new IllegalArgumentException("mlinPackage needs the name of a package (a folder of _pkgs/)");
        }
    }

    public String getName() {
        return name;
    }

    public String getTree() {
        return tree;
    }

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
            return "mlinPackage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build an MLin package into the agent's cache";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient MlinPackageStep step;

        Execution(MlinPackageStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            FilePath workspace = workspace();
            LinkedHashMap<String, Object> result = workspace.act(
                    new AgentCalls.BuildPackage(settings(), listener(), tempDir(workspace), step.tree, step.name));
            listener()
                    .getLogger()
                    .println("[mlin] package " + step.name
                            + (Boolean.TRUE.equals(result.get("cacheHit")) ? " found in the cache" : " built")
                            + " (key " + result.get("cacheKey") + ")");
            return result;
        }
    }
}
