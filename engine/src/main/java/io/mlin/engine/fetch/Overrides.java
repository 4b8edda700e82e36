package io.mlin.engine.fetch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local sources that replace a package's download, like Buildroot's
 * {@code <PKG>_OVERRIDE_SRCDIR}: a tarball (used instead of the download; its digest is
 * reported but need not match, since the point is to build a modified source) or a folder (used
 * as the source tree as it is). Whether a path is a tarball or a folder is decided when the
 * source is fetched, so a missing path is reported with the package that names it.
 */
public final class Overrides {
    private final Map<String, Path> byPackage;

    private Overrides(Map<String, Path> byPackage) {
        this.byPackage = Map.copyOf(byPackage);
    }

    public static Overrides none() {
        return new Overrides(Map.of());
    }

    /** From package name to a local tarball or folder. */
    public static Overrides of(Map<String, Path> byPackage) {
        return new Overrides(byPackage);
    }

    /** From {@code PACKAGE=PATH} lines; a package given twice is an error. */
    public static Overrides parse(Collection<String> specs) {
        Map<String, Path> map = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                bad.add("an override is PACKAGE=PATH, not '" + spec + "'");
            } else if (map.put(spec.substring(0, eq), Path.of(spec.substring(eq + 1))) != null) {
                bad.add("override given twice for package " + spec.substring(0, eq));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", bad));
        }
        return of(map);
    }

    /** The local tarball or folder that replaces {@code packageName}'s source, if any. */
    public Optional<Path> forPackage(String packageName) {
        return Optional.ofNullable(byPackage.get(packageName));
    }
}
