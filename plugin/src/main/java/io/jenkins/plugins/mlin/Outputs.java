package io.jenkins.plugins.mlin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Default output names and the small parsing shared by the steps. */
public final class Outputs {
    /** Where outputs go unless a step says otherwise, relative to the workspace. */
    public static final String DEFAULT_FOLDER = "mlin-out";

    /** ISO 9660 volume identifiers are at most 32 d-characters. */
    private static final int VOLUME_ID_LENGTH = 32;

    private Outputs() {}

    /** {@code mlin-out/guest-site-a.bzImage} gives {@code mlin-out/guest-site-a.iso}. */
    public static String isoFor(String kernel) {
        String name = fileName(kernel);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return DEFAULT_FOLDER + "/" + base + ".iso";
    }

    /** {@code mlin-out/guest-site-a.iso} gives {@code GUEST_SITE_A}: upper case, d-characters only. */
    public static String volumeIdFor(String isoPath) {
        String name = fileName(isoPath);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String id = base.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        if (id.isEmpty()) {
            id = "MLIN";
        }
        return id.length() > VOLUME_ID_LENGTH ? id.substring(0, VOLUME_ID_LENGTH) : id;
    }

    /** The last path element, for display. */
    public static String fileName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }

    /** Image names separated by blanks or commas; blank gives an empty list (all images). */
    public static List<String> imageNames(String images) {
        List<String> names = new ArrayList<>();
        if (images != null) {
            for (String name : images.trim().split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Whitespace-trimmed, or {@code null} when blank: optional string parameters. */
    public static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
