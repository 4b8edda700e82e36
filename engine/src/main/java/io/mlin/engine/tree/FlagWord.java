package io.mlin.engine.tree;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One argument that a configure-package hands to {@code ./configure}, as a POSIX shell would
 * split FLAGS into words. Parts written {@code $${other}} in the recipe stay references to the
 * build folder of package {@code other} until the build knows where that folder is.
 */
public record FlagWord(List<Part> parts) {

    /** A piece of a word: literal text or a package's build folder. */
    public sealed interface Part permits Text, PackageFolder {
    }

    /** Literal characters, quotes already removed. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The build folder of the named package (Make's {@code ${name}} in the recipe). */
    public record PackageFolder(String packageName) implements Part {
        public PackageFolder {
            Objects.requireNonNull(packageName, "packageName");
        }
    }

    public FlagWord {
        parts = List.copyOf(parts);
    }

    /** The word with each package reference replaced by {@code folderOf.apply(name)}. */
    public String render(Function<String, String> folderOf) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                sb.append(t.text());
            } else {
                sb.append(folderOf.apply(((PackageFolder) part).packageName()));
            }
        }
        return sb.toString();
    }

    /** The packages this word refers to, in order of appearance. */
    public Set<String> referencedPackages() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof PackageFolder ref) {
                names.add(ref.packageName());
            }
        }
        return names;
    }

    /** Merges adjacent text parts, so equal words compare equal however they were quoted. */
    static FlagWord normalized(List<Part> raw) {
        List<Part> merged = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Part part : raw) {
            if (part instanceof Text t) {
                text.append(t.text());
            } else {
                if (text.length() > 0) {
                    merged.add(new Text(text.toString()));
                    text.setLength(0);
                }
                merged.add(part);
            }
        }
        if (text.length() > 0 || merged.isEmpty()) {
            merged.add(new Text(text.toString()));
        }
        return new FlagWord(merged);
    }

    /** The word as the recipe spelled its references ({@code ${name}}), for display. */
    @Override
    public String toString() {
        return render(name -> "${" + name + "}");
    }
}
