package io.jenkins.plugins.mlin;

import io.mlin.engine.api.EngineSettings;
import io.mlin.engine.api.MlinEngine;
import io.mlin.engine.util.Log;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine settings of one build, sent to the agent that runs the engine. Only JDK types, so
 * it crosses the remoting channel without any engine class: the engine's own
 * {@link EngineSettings} is made on the agent, where its defaults (home folder, core count)
 * belong.
 */
public final class AgentSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Cache folder on the agent; {@code null} for the engine default ({@code ~/.cache/mlin}). */
    private final String cacheDir;
    /** Download URL prefix to mirror prefix, in configuration order. */
    private final LinkedHashMap<String, String> mirrors;
    /** Parallel jobs; 0 for the engine default (the agent's core count). */
    private final int jobs;
    /** {@code SOURCE_DATE_EPOCH} of the build's environment; {@code null} for the engine default. */
    private final Long epoch;

    public AgentSettings(String cacheDir, Map<String, String> mirrors, int jobs, Long epoch) {
        this.cacheDir = cacheDir == null || cacheDir.isBlank() ? null : cacheDir.trim();
        this.mirrors = new LinkedHashMap<>(mirrors);
        this.jobs = Math.max(0, jobs);
        this.epoch = epoch;
    }

    /** Overrides the job count (freestyle step field); 0 keeps this one. */
    public AgentSettings withJobs(int jobs) {
        return jobs > 0 ? new AgentSettings(cacheDir, mirrors, jobs, epoch) : this;
    }

    public int getJobs() {
        return jobs;
    }

    /** Called on the agent: merges these settings over the engine's defaults there. */
    EngineSettings toEngineSettings() {
        EngineSettings defaults = EngineSettings.defaults();
        Path cache = defaults.cacheDir();
        if (cacheDir != null) {
            // "~/" means the home of the agent's user, as in the engine's own default.
            cache = cacheDir.startsWith("~/")
                    ? Path.of(System.getProperty("user.home"), cacheDir.substring(2))
                    : Path.of(cacheDir);
        }
        Map<String, String> mirrorMap = mirrors.isEmpty() ? defaults.mirrors() : Map.copyOf(mirrors);
        return new EngineSettings(
                cache, mirrorMap, jobs > 0 ? jobs : defaults.jobs(), epoch != null ? epoch : defaults.epoch());
    }

    /** Called on the agent: an engine writing to the build's console. */
    MlinEngine engine(PrintStream console) {
        return new MlinEngine(toEngineSettings(), Log.to(console));
    }
}
