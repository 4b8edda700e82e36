package io.jenkins.plugins.mlin;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code mlinBuild} and the freestyle step do once the agent has built the images. */
final class ImageBuilds {
    private ImageBuilds() {}

    /** Reports, archives (cpio and ISO) and records each image on the build. */
    static void publish(
            List<BuiltImage> images,
            boolean archive,
            Run<?, ?> run,
            FilePath workspace,
            Launcher launcher,
            TaskListener listener,
            EnvVars env)
            throws IOException, InterruptedException {
        List<String> artifacts = new ArrayList<>();
        for (BuiltImage image : images) {
            listener.getLogger()
                    .println("[mlin] " + image.getName() + ": " + image.getIso() + ", " + image.getIsoBytes()
                            + " bytes, sha256 " + image.getIsoSha256() + ", kernel " + image.getKernelVersion());
            for (String warning : image.getWarnings()) {
                listener.getLogger().println("[mlin] WARNING: " + image.getName() + ": " + warning);
            }
            if (archive) {
                addIfArchivable(artifacts, image.getCpio());
                addIfArchivable(artifacts, image.getIso());
            }
        }
        if (archive) {
            Artifacts.archive(run, workspace, launcher, listener, env, artifacts);
        }
        for (BuiltImage image : images) {
            ImageRecord record = new ImageRecord(image.getName()).kernel(image.getKernelVersion(), image.getWarnings());
            boolean archived = archive && artifacts.contains(image.getIso());
            record.iso(archived ? image.getIso() : null, image.getIsoBytes(), image.getIsoSha256());
            if (archive && artifacts.contains(image.getCpio())) {
                record.cpio(image.getCpio());
            }
            MlinImagesAction.record(run, record);
        }
    }

    /** Only workspace-relative paths can be archived; absolute ones are agent paths outside it. */
    private static void addIfArchivable(List<String> artifacts, String path) {
        if (path != null && !path.startsWith("/") && !artifacts.contains(path)) {
            artifacts.add(path);
        }
    }

    /** The step's return value: plain maps (sandbox-safe), one per image. */
    static List<Map<String, Object>> asMaps(List<BuiltImage> images) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (BuiltImage image : images) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", image.getName());
            map.put("cpio", image.getCpio());
            map.put("kernel", image.getKernel());
            map.put("iso", image.getIso());
            map.put("isoBytes", image.getIsoBytes());
            map.put("isoSha256", image.getIsoSha256());
            map.put("kernelVersion", image.getKernelVersion());
            map.put("warnings", new ArrayList<>(image.getWarnings()));
            result.add(map);
        }
        return result;
    }
}
