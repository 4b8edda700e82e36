package io.jenkins.plugins.mlin;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Common body of the MLin steps: the engine call runs in a pool thread of
 * {@link SynchronousNonBlockingStepExecution} (never on the CPS thread), which blocks in
 * {@code FilePath.act} while the agent works. Stopping the build cancels that thread; remoting
 * then cancels the call on the agent, whose thread is interrupted and whose engine kills the
 * processes it started.
 *
 * <p>Such a call does not survive a controller restart (the execution fails on resume); wrap
 * long steps in {@code retry(conditions: [nonresumable()], count: 2)}, see the docs.
 */
abstract class MlinStepExecution<T> extends SynchronousNonBlockingStepExecution<T> {
    private static final long serialVersionUID = 1L;

    /** What every MLin step needs from its context: it runs inside {@code node}. */
    static final Set<? extends Class<?>> CONTEXT =
            Set.<Class<?>>of(FilePath.class, TaskListener.class, Run.class, Launcher.class, EnvVars.class);

    MlinStepExecution(StepContext context) {
        super(context);
    }

    FilePath workspace() throws IOException, InterruptedException {
        FilePath workspace = getContext().get(FilePath.class);
        if (workspace == null) {
            throw new AbortException("MLin steps need a workspace: call them inside node { ... }");
        }
        return workspace;
    }

    TaskListener listener() throws IOException, InterruptedException {
        return getContext().get(TaskListener.class);
    }

    Run<?, ?> build() throws IOException, InterruptedException {
        return getContext().get(Run.class);
    }

    AgentSettings settings() throws IOException, InterruptedException {
        return MlinGlobalConfiguration.get().agentSettings(getContext().get(EnvVars.class));
    }

    /** The workspace's {@code @tmp} sibling, where file credentials are bound. */
    static String tempDir(FilePath workspace) {
        FilePath temp = WorkspaceList.tempDir(workspace);
        return temp == null ? null : temp.getRemote();
    }

    void archive(List<String> paths) throws IOException, InterruptedException {
        Artifacts.archive(
                build(),
                workspace(),
                getContext().get(Launcher.class),
                listener(),
                getContext().get(EnvVars.class),
                paths);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            if (listener != null) {
                listener.getLogger()
                        .println("[mlin] stopping: the engine call on the agent is interrupted and kills the"
                                + " processes it started; unfinished outputs are neither kept nor archived");
            }
        } catch (IOException | InterruptedException e) {
            // The step is being stopped either way; the message is only a courtesy.
        }
        super.stop(cause);
    }
}
