package io.jenkins.plugins.mlin;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.api.CpioResult;
import io.mlin.engine.api.ImageInfo;
import io.mlin.engine.api.ImageResult;
import io.mlin.engine.api.IsoResult;
import io.mlin.engine.api.KernelResult;
import io.mlin.engine.api.MlinEngine;
import io.mlin.engine.api.PackageResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;

/**
 * The engine calls, each run on the agent that holds the workspace through
 * {@code FilePath.act}. Nothing is built on the controller.
 *
 * <p>What comes back over the channel is plugin-owned ({@link BuiltFile}, {@link BuiltKernel},
 * {@link BuiltImage}) or JDK collections of strings and numbers; engine types and engine
 * exceptions stay on the agent. A stopped build interrupts the agent thread (remoting sends a
 * {@code Request.Cancel} that cancels the request's future there); the engine then kills the
 * processes it started and leaves no half-written output.
 */
public final class AgentCalls {
    private AgentCalls() {}

    /** Common frame: workspace checks, an engine writing to the console, engine errors turned into messages. */
    abstract static class EngineCall<T> extends MasterToSlaveFileCallable<T> {
        private static final long serialVersionUID = 1L;

        private final AgentSettings settings;
        private final TaskListener listener;
        private final String tempDir;

        EngineCall(AgentSettings settings, TaskListener listener, String tempDir) {
            this.settings = settings;
            this.listener = listener;
            this.tempDir = tempDir;
        }

        @Override
        public final T invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            WorkspaceFiles files = new WorkspaceFiles(workspace.toPath(), tempDir);
            MlinEngine engine = settings.engine(listener.getLogger());
            try {
                return call(engine, files);
            } catch (MlinException e) {
                stopIfInterrupted();
                // The message lists every problem as file:line: message; the engine type stays here.
                throw new AbortException(e.getMessage());
            } catch (RuntimeException e) {
                stopIfInterrupted();
                e.printStackTrace(listener.getLogger());
                throw new AbortException("MLin engine failed: " + e);
            }
        }

        private static void stopIfInterrupted() throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("MLin engine call stopped");
            }
        }

        TaskListener listener() {
            return listener;
        }

        abstract T call(MlinEngine engine, WorkspaceFiles files) throws IOException, InterruptedException;
    }

    /** {@code mlinImages}: one map per image, with the keys name, flavor, variant, kernel. */
    static final class ListImages extends EngineCall<ArrayList<HashMap<String, String>>> {
        private static final long serialVersionUID = 1L;
        private final String tree;

        ListImages(AgentSettings settings, TaskListener listener, String tempDir, String tree) {
            super(settings, listener, tempDir);
            this.tree = tree;
        }

        @Override
        ArrayList<HashMap<String, String>> call(MlinEngine engine, WorkspaceFiles files) throws IOException {
            ArrayList<HashMap<String, String>> images = new ArrayList<>();
            for (ImageInfo info : engine.images(files.existing(tree, "tree"))) {
                HashMap<String, String> image = new HashMap<>();
                image.put("name", info.name());
                image.put("flavor", info.flavor());
                image.put("variant", info.variant());
                image.put("kernel", info.kernel());
                images.add(image);
            }
            return images;
        }
    }

    /**
     * Form validation: the problems of a tree and the names among {@code images} it does not
     * define. Read-only (parsing only, nothing is built); an empty list means all is well.
     */
    static final class CheckTree extends EngineCall<ArrayList<String>> {
        private static final long serialVersionUID = 1L;
        private static final int SHOWN = 10;
        private final String tree;
        private final ArrayList<String> images;

        CheckTree(AgentSettings settings, TaskListener listener, String tree, List<String> images) {
            super(settings, listener, null);
            this.tree = tree;
            this.images = new ArrayList<>(images);
        }

        @Override
        ArrayList<String> call(MlinEngine engine, WorkspaceFiles files) throws IOException {
            ArrayList<String> messages = new ArrayList<>();
            Path root;
            try {
                root = files.existing(tree, "tree");
            } catch (AbortException e) {
                // A missing or escaping tree is a finding of the check, not a failure to check.
                messages.add(e.getMessage());
                return messages;
            }
            List<Problem> problems = engine.check(root);
            for (Problem problem : problems.subList(0, Math.min(SHOWN, problems.size()))) {
                messages.add(problem.toString());
            }
            if (problems.size() > SHOWN) {
                messages.add("... and " + (problems.size() - SHOWN) + " more problem(s)");
            }
            if (problems.isEmpty() && !images.isEmpty()) {
                Set<String> known = new LinkedHashSet<>();
                for (ImageInfo info : engine.images(root)) {
                    known.add(info.name());
                }
                for (String image : images) {
                    if (!known.contains(image)) {
                        messages.add("no image named '" + image + "'; the tree defines: " + String.join(", ", known));
                    }
                }
            }
            return messages;
        }
    }

    /** {@code mlinPackage}: builds a package and its dependencies into the agent's cache. */
    static final class BuildPackage extends EngineCall<LinkedHashMap<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String tree;
        private final String name;

        BuildPackage(AgentSettings settings, TaskListener listener, String tempDir, String tree, String name) {
            super(settings, listener, tempDir);
            this.tree = tree;
            this.name = name;
        }

        @Override
        LinkedHashMap<String, Object> call(MlinEngine engine, WorkspaceFiles files)
                throws IOException, InterruptedException {
            PackageResult result = engine.buildPackage(files.existing(tree, "tree"), name);
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            out.put("name", result.name());
            // The build folder lives in the agent's cache, outside the workspace: an agent path.
            out.put("buildDir", result.buildDir().toAbsolutePath().toString());
            out.put("cacheKey", result.cacheKey());
            out.put("cacheHit", result.cacheHit());
            return out;
        }
    }

    /** {@code mlinInitramfs}: the image's cpio archive. */
    static final class Initramfs extends EngineCall<BuiltFile> {
        private static final long serialVersionUID = 1L;
        private final String tree;
        private final String image;
        private final VariablesSpec variables;
        private final String output;

        Initramfs(
                AgentSettings settings,
                TaskListener listener,
                String tempDir,
                String tree,
                String image,
                VariablesSpec variables,
                String output) {
            super(settings, listener, tempDir);
            this.tree = tree;
            this.image = image;
            this.variables = variables;
            this.output = output;
        }

        @Override
        BuiltFile call(MlinEngine engine, WorkspaceFiles files) throws IOException, InterruptedException {
            Path treeDir = files.existing(tree, "tree");
            String target = output != null
                    ? output
                    : Outputs.DEFAULT_FOLDER + "/" + MlinEngine.defaultOutputName(image) + ".cpio";
            Path out = files.output(target, "output");
            listener().getLogger().println("[mlin] initramfs of " + image + " with " + variables);
            CpioResult result = engine.initramfs(treeDir, image, variables.toSource(files), out);
            return new BuiltFile(files.relative(result.file()), result.bytes(), result.sha256());
        }
    }

    /** {@code mlinKernel}: the bzImage with the initramfs built in. */
    static final class Kernel extends EngineCall<BuiltKernel> {
        private static final long serialVersionUID = 1L;
        private final String tree;
        private final String image;
        private final String initramfs;
        private final String output;

        Kernel(
                AgentSettings settings,
                TaskListener listener,
                String tempDir,
                String tree,
                String image,
                String initramfs,
                String output) {
            super(settings, listener, tempDir);
            this.tree = tree;
            this.image = image;
            this.initramfs = initramfs;
            this.output = output;
        }

        @Override
        BuiltKernel call(MlinEngine engine, WorkspaceFiles files) throws IOException, InterruptedException {
            Path treeDir = files.existing(tree, "tree");
            String base = Outputs.DEFAULT_FOLDER + "/" + MlinEngine.defaultOutputName(image);
            Path cpio = files.existing(initramfs != null ? initramfs : base + ".cpio", "initramfs");
            Path out = files.output(output != null ? output : base + ".bzImage", "output");
            KernelResult result = engine.kernel(treeDir, image, cpio, out);
            return new BuiltKernel(
                    files.relative(result.bzImage()), result.version(), result.relinked(), result.configWarnings());
        }
    }

    /** {@code mlinIso}: the bootable ISO holding one kernel. */
    static final class Iso extends EngineCall<BuiltFile> {
        private static final long serialVersionUID = 1L;
        private final String kernel;
        private final String output;
        private final String volumeId;

        Iso(
                AgentSettings settings,
                TaskListener listener,
                String tempDir,
                String kernel,
                String output,
                String volumeId) {
            super(settings, listener, tempDir);
            this.kernel = kernel;
            this.output = output;
            this.volumeId = volumeId;
        }

        @Override
        BuiltFile call(MlinEngine engine, WorkspaceFiles files) throws IOException, InterruptedException {
            Path kernelFile = files.existing(kernel, "kernel");
            Path out = files.output(output, "output");
            IsoResult result = engine.iso(kernelFile, out, volumeId);
            return new BuiltFile(files.relative(result.file()), result.bytes(), result.sha256());
        }
    }

    /** {@code mlinBuild} and the freestyle step: the whole chain for some or all images. */
    static final class BuildImages extends EngineCall<ArrayList<BuiltImage>> {
        private static final long serialVersionUID = 1L;
        private final String tree;
        private final ArrayList<String> images;
        private final VariablesSpec variables;
        private final String outputDir;

        BuildImages(
                AgentSettings settings,
                TaskListener listener,
                String tempDir,
                String tree,
                List<String> images,
                VariablesSpec variables,
                String outputDir) {
            super(settings, listener, tempDir);
            this.tree = tree;
            this.images = new ArrayList<>(images);
            this.variables = variables;
            this.outputDir = outputDir;
        }

        @Override
        ArrayList<BuiltImage> call(MlinEngine engine, WorkspaceFiles files) throws IOException, InterruptedException {
            Path treeDir = files.existing(tree, "tree");
            Path out = files.outputFolder(outputDir, "outputDir");
            listener()
                    .getLogger()
                    .println("[mlin] building " + (images.isEmpty() ? "all images" : String.join(", ", images))
                            + " with " + variables);
            ArrayList<BuiltImage> built = new ArrayList<>();
            for (ImageResult result : engine.build(treeDir, images, variables.toSource(files), out)) {
                built.add(new BuiltImage(
                        result.name(),
                        pathOf(files, result.cpio()),
                        pathOf(files, result.kernel()),
                        pathOf(files, result.iso()),
                        result.isoBytes(),
                        result.isoSha256(),
                        result.kernelVersion(),
                        result.warnings()));
            }
            return built;
        }

        /** Workspace-relative when inside the workspace (archivable), else the agent path; null stays null. */
        private static String pathOf(WorkspaceFiles files, Path path) throws IOException {
            if (path == null) {
                return null;
            }
            Path absolute = path.toAbsolutePath().normalize();
            Path real = Files.exists(absolute) ? absolute.toRealPath() : absolute;
            return real.startsWith(files.root()) ? files.relative(real) : absolute.toString();
        }
    }
}
