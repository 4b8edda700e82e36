package io.jenkins.plugins.mlin;

import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The images of a build: name, ISO size and sha256, kernel version, artifact links and kernel
 * configuration warnings, shown on the build page ({@code summary.jelly}) and at
 * {@code <build>/mlin/}.
 *
 * <p>Parallel branches add to one action: {@link #record} takes the build's lock, gets or
 * creates the action and merges, as the JUnit plugin's result archiver does for test results.
 */
public final class MlinImagesAction implements RunAction2 {
    private final List<ImageRecord> images = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds or completes the record of one image on the build, safely against parallel branches. */
    public static void record(Run<?, ?> run, ImageRecord update) throws IOException {
        synchronized (run) {
            MlinImagesAction action = run.getAction(MlinImagesAction.class);
            if (action == null) {
                action = new MlinImagesAction();
                action.merge(update);
                run.addAction(action);
            } else {
                action.merge(update);
            }
            run.save();
        }
    }

    private void merge(ImageRecord update) {
        synchronized (images) {
            for (ImageRecord existing : images) {
                if (existing.getName().equals(update.getName())) {
                    existing.mergeFrom(update);
                    return;
                }
            }
            images.add(update.copy());
        }
    }

    /** The images sorted by name (branches finish in any order). */
    public List<ImageRecord> getImages() {
        List<ImageRecord> sorted;
        synchronized (images) {
            sorted = new ArrayList<>(images);
        }
        sorted.sort(Comparator.comparing(ImageRecord::getName));
        return sorted;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "MLin images";
    }

    @Override
    public String getUrlName() {
        return "mlin";
    }
}
