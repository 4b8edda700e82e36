package io.jenkins.plugins.mlin;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » System » MLin: where agents keep the engine cache, URL mirrors for source
 * downloads, and the default number of parallel jobs. {@code @Symbol("mlin")} makes it
 * {@code unclassified: mlin:} in Configuration as Code.
 */
@Extension
@Symbol("mlin")
public class MlinGlobalConfiguration extends GlobalConfiguration {

    private String cacheDir;
    private String mirrors;
    private int jobs;

    public MlinGlobalConfiguration() {
        load();
    }

    public static MlinGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(MlinGlobalConfiguration.class);
    }

    /** Cache folder on each agent; blank for the engine default {@code ~/.cache/mlin}. */
    public String getCacheDir() {
        return cacheDir;
    }

    @DataBoundSetter
    public void setCacheDir(String cacheDir) {
        this.cacheDir = Outputs.blankToNull(cacheDir);
        save();
    }

    /**
     * One mirror a line: the original URL prefix, blanks, the mirror prefix. A download whose URL
     * starts with the original prefix is fetched from the mirror; its sha256 is checked all the same.
     */
    public String getMirrors() {
        return mirrors;
    }

    @DataBoundSetter
    public void setMirrors(String mirrors) {
        this.mirrors = Outputs.blankToNull(mirrors);
        save();
    }

    /** Parallel jobs for package and kernel builds; 0 for the agent's core count. */
    public int getJobs() {
        return jobs;
    }

    @DataBoundSetter
    public void setJobs(int jobs) {
        this.jobs = Math.max(0, jobs);
        save();
    }

    /** The mirrors as a map; lines that are not two fields are rejected by {@link #doCheckMirrors}. */
    static Map<String, String> parseMirrors(String text) throws AbortException {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 2) {
                throw new AbortException("MLin mirrors, line " + number
                        + ": expected '<original URL prefix> <mirror URL prefix>', got '" + trimmed + "'");
            }
            map.put(fields[0], fields[1]);
        }
        return map;
    }

    /**
     * The settings of one build for the agent: this configuration, plus the build's
     * {@code SOURCE_DATE_EPOCH} when its environment sets one (e.g. {@code withEnv}).
     */
    public AgentSettings agentSettings(EnvVars env) throws AbortException {
        Long epoch = null;
        String value = env == null ? null : Outputs.blankToNull(env.get("SOURCE_DATE_EPOCH"));
        if (value != null) {
            try {
                epoch = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new AbortException("SOURCE_DATE_EPOCH must be a number of seconds, got '" + value + "'");
            }
        }
        return new AgentSettings(cacheDir, parseMirrors(mirrors), jobs, epoch);
    }

    @POST
    public FormValidation doCheckMirrors(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        try {
            parseMirrors(value);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckJobs(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        return checkJobs(value);
    }

    /** Shared with the freestyle step: a whole number, 0 or more. */
    static FormValidation checkJobs(String value) {
        String trimmed = Outputs.blankToNull(value);
        if (trimmed == null) {
            return FormValidation.ok();
        }
        try {
            return Integer.parseInt(trimmed) >= 0
                    ? FormValidation.ok()
                    : FormValidation.error("jobs must be 0 (the agent's core count) or more");
        } catch (NumberFormatException e) {
            return FormValidation.error("jobs must be a whole number");
        }
    }
}
