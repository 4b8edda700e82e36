package io.mlin.engine.tree;

import io.mlin.engine.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a package Makefile the way GNU Make reads MLin's: logical lines joined at
 * backslash-newline, comments dropped, one {@code $(call NAME, ARG, ...)} whose arguments are split
 * at top-level commas, expanded ({@code $$} and {@code $(comma)}) and stripped like
 * {@code $(strip ...)}.
 */
final class MakeRecipeParser {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX64_ANY_CASE = Pattern.compile("[0-9a-fA-F]{64}");

    private final Path makefile;
    private final List<Problem> problems;

    private MakeRecipeParser(Path makefile, List<Problem> problems) {
        this.makefile = makefile;
        this.problems = problems;
    }

    /** A line of the Makefile after joining continuations, with the physical line it starts on. */
    record LogicalLine(String text, int line) {
    }

    /** The recipe, or {@code null} after adding what is wrong to {@code problems}. */
    static Recipe parse(Path makefile, String content, List<Problem> problems) {
        return new MakeRecipeParser(makefile, problems).parse(content);
    }

    private Recipe parse(String content) {
        List<LogicalLine> calls = new ArrayList<>();
        for (LogicalLine logical : logicalLines(content)) {
            String text = stripComment(logical.text()).strip();
            if (!text.isEmpty()) {
                calls.add(new LogicalLine(text, logical.line()));
            }
        }
        if (calls.isEmpty()) {
            problems.add(Problem.inFile(makefile, "no recipe: expected one $(call source-package),"
                    + " $(call kconfig-package, ...), $(call configure-package, ...) or $(call kernel-package, ...)"));
            return null;
        }
        for (LogicalLine extra : calls.subList(1, calls.size())) {
            problems.add(Problem.at(makefile, extra.line(),
                    "unexpected text after the recipe: a package Makefile holds a single $(call ...)"));
        }
        return parseCall(calls.get(0));
    }

    /**
     * Make's joining outside recipes: a backslash at the end of a line, the newline, the blanks
     * before the backslash and the next line's leading blanks become one space.
     */
    static List<LogicalLine> logicalLines(String content) {
        String[] physical = content.split("\r?\n", -1);
        int count = physical.length;
        if (count > 0 && physical[count - 1].isEmpty()) {
            count--; // the newline that ends the file starts no line
        }
        List<LogicalLine> lines = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < count; i++) {
            String line = physical[i];
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            } else {
                line = stripLeadingBlanks(line);
            }
            if (endsWithContinuation(line)) {
                String body = stripTrailingBlanks(line.substring(0, line.length() - 1));
                current.append(body).append(' ');
            } else {
                current.append(line);
                lines.add(new LogicalLine(current.toString(), start));
                current = null;
            }
        }
        if (current != null) {
            lines.add(new LogicalLine(current.toString(), start));
        }
        return lines;
    }

    /** An odd number of trailing backslashes continues the line; an even number is escaped backslashes. */
    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String stripLeadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailingBlanks(String s) {
        int i = s.length();
        while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
            i--;
        }
        return s.substring(0, i);
    }

    /** Make comments run from an unescaped {@code #} to the end of the logical line. */
    private static String stripComment(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '#') {
                sb.append('#');
                i++;
            } else if (c == '#') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Recipe parseCall(LogicalLine call) {
        String text = call.text();
        int line = call.line();
        if (!text.startsWith("$(call") || text.length() < 7
                || !(Character.isWhitespace(text.charAt(6)) || text.charAt(6) == ')')) {
            problems.add(Problem.at(makefile, line, "expected a recipe $(call NAME, ...), found '" + abbreviate(text) + "'"));
            return null;
        }
        int close = matchingParen(text, 1);
        if (close < 0) {
            problems.add(Problem.at(makefile, line, "unterminated $(call ...: expected a closing ')'"));
            return null;
        }
        if (close != text.length() - 1) {
            problems.add(Problem.at(makefile, line, "unexpected text after the closing ')' of $(call ...): '"
                    + abbreviate(text.substring(close + 1)) + "'"));
            return null;
        }
        List<String> rawArgs = splitTopLevelCommas(text.substring(6, close));
        String name = rawArgs.get(0).strip();
        Optional<RecipeKind> kind = RecipeKind.byMakeName(name);
        if (kind.isEmpty()) {
            problems.add(Problem.at(makefile, line, "unknown recipe '" + name
                    + "': expected source-package, kconfig-package, configure-package or kernel-package"));
            return null;
        }
        RecipeKind k = kind.get();
        List<String> args = new ArrayList<>();
        for (String raw : rawArgs.subList(1, rawArgs.size())) {
            String expanded = expand(raw, line);
            if (expanded == null) {
                return null;
            }
            args.add(strip(expanded));
        }
        // Make passes no argument to "$(call source-package)" but one empty one to "$(call x, )";
        // trailing empty arguments are the same as absent ones for these recipes.
        while (!args.isEmpty() && args.get(args.size() - 1).isEmpty() && args.size() > k.minArguments()) {
            args.remove(args.size() - 1);
        }
        if (args.size() < k.minArguments() || args.size() > k.maxArguments()) {
            problems.add(Problem.at(makefile, line, k.makeName() + " takes " + argumentCount(k) + ", found "
                    + args.size() + ": expected " + k.usage()));
            return null;
        }
        if (k == RecipeKind.SOURCE) {
            return new Recipe(k, null, null, List.of(), "", makefile, line);
        }
        String url = args.get(0);
        String sha = args.get(1);
        boolean ok = checkUrl(url, line);
        ok &= checkSha256(sha, line);
        String flagsText = args.size() > 2 ? args.get(2) : "";
        List<FlagWord> flags = List.of();
        if (!flagsText.isEmpty()) {
            flags = ShellWords.split(flagsText, makefile, line, problems);
            ok &= flags != null;
        }
        return ok ? new Recipe(k, url, sha, flags, flagsText, makefile, line) : null;
    }

    private static String argumentCount(RecipeKind k) {
        if (k.minArguments() == k.maxArguments()) {
            return k.minArguments() == 0 ? "no arguments" : k.minArguments() + " arguments";
        }
        return k.minArguments() + " or " + k.maxArguments() + " arguments";
    }

    private boolean checkUrl(String url, int line) {
        String scheme = null;
        try {
            scheme = new URI(url).getScheme();
        } catch (URISyntaxException e) {
            // reported below
        }
        String lower = scheme == null ? null : scheme.toLowerCase(Locale.ROOT);
        if (lower == null || !(lower.equals("http") || lower.equals("https") || lower.equals("file"))) {
            problems.add(Problem.at(makefile, line, "malformed URL '" + url
                    + "': expected an http://, https:// or file: URL of the tarball"));
            return false;
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        for (String ext : Tree.TARBALL_EXTENSIONS) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                return true;
            }
        }
        problems.add(Problem.at(makefile, line, "URL '" + url
                + "' does not name a tarball: expected its last part to end in .tar.gz, .tar.bz2 or .tar.xz"));
        return false;
    }

    private boolean checkSha256(String sha, int line) {
        if (SHA256.matcher(sha).matches()) {
            return true;
        }
        String why = HEX64_ANY_CASE.matcher(sha).matches()
                ? " (upper-case digits never match sha256sum's output, which MLin compares as text)"
                : "";
        problems.add(Problem.at(makefile, line, "malformed sha256 '" + abbreviate(sha)
                + "': expected 64 lower-case hex digits" + why));
        return false;
    }

    /** Index of the parenthesis closing the one opened at {@code open}, skipping nested references and {@code $$}. */
    private static int matchingParen(String text, int open) {
        char opener = text.charAt(open);
        char closer = opener == '(' ? ')' : '}';
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                i++;
            } else if (c == opener) {
                depth++;
            } else if (c == closer) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Splits {@code call NAME, a, b} into name and raw arguments at commas that are not inside a
     * nested {@code $(...)} or {@code ${...}}, as Make does before expanding them.
     */
    private static List<String> splitTopLevelCommas(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '$' && i + 1 < inner.length()) {
                char next = inner.charAt(i + 1);
                if (next == '$') {
                    current.append("$$");
                    i++;
                    continue;
                }
                if (next == '(' || next == '{') {
                    depth++;
                    current.append(c).append(next);
                    i++;
                    continue;
                }
            }
            if ((c == ')' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    /**
     * Make's expansion of one argument, limited to what recipes use: {@code $$} is a literal
     * dollar and {@code $(comma)} a comma. Any other variable or function reference would depend
     * on MLin's Makefile internals, so it is reported instead of guessed.
     */
    private String expand(String raw, int line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '$') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= raw.length()) {
                problems.add(Problem.at(makefile, line, "a lone '$' at the end of an argument: write $$ for a literal $"));
                return null;
            }
            char next = raw.charAt(i + 1);
            if (next == '$') {
                sb.append('$');
                i++;
            } else if (next == '(' || next == '{') {
                int close = matchingParen(raw, i + 1);
                String ref = close < 0 ? raw.substring(i) : raw.substring(i, close + 1);
                String name = close < 0 ? null : raw.substring(i + 2, close);
                if ("comma".equals(name)) {
                    sb.append(',');
                    i = close;
                } else {
                    problems.add(Problem.at(makefile, line, "unsupported Make reference '" + abbreviate(ref)
                            + "': expected $(comma) for a comma, $$ for a literal $ and $${package} for a package's build folder"));
                    return null;
                }
            } else {
                problems.add(Problem.at(makefile, line, "unsupported Make reference '$" + next
                        + "': expected $$ for a literal $ and $${package} for a package's build folder"));
                return null;
            }
        }
        return sb.toString();
    }

    /** {@code $(strip ...)}: no leading or trailing blanks, inner runs of blanks become one space. */
    static String strip(String s) {
        return s.strip().replaceAll("[ \\t\\n\\r\\f\\x0B]+", " ");
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
