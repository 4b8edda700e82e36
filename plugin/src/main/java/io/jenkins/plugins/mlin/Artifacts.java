package io.jenkins.plugins.mlin;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Fingerprinter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;

/** Archives and fingerprints outputs, the way core's artifact archiver does. */
final class Artifacts {
    private Artifacts() {}

    /**
     * Copies workspace files to the build's artifacts under the same relative paths, then
     * records their fingerprints. Only files the engine finished (renamed into place) are ever
     * passed here, so a stopped build archives nothing half-written.
     *
     * @param paths workspace-relative, {@code /}-separated
     */
    static void archive(
            Run<?, ?> run,
            FilePath workspace,
            Launcher launcher,
            TaskListener listener,
            EnvVars env,
            List<String> paths)
            throws IOException, InterruptedException {
        if (paths.isEmpty()) {
            return;
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : paths) {
            files.put(path, path);
        }
        run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), files);
        listener.getLogger().println("[mlin] archived " + String.join(", ", paths));
        // Fingerprinter takes an Ant pattern list: a comma inside a name would split it.
        List<String> patternSafe =
                paths.stream().filter(p -> p.indexOf(',') < 0).toList();
        if (patternSafe.size() < paths.size()) {
            listener.getLogger().println("[mlin] not fingerprinting file names that contain a comma");
        }
        if (!patternSafe.isEmpty()) {
            // Parallel branches share the build's fingerprint action: one at a time.
            synchronized (run) {
                new Fingerprinter(String.join(",", patternSafe)).perform(run, workspace, env, launcher, listener);
            }
        }
    }
}
