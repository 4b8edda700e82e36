package io.mlin.engine.tree;

import io.mlin.engine.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits configure FLAGS into words as {@code /bin/sh} does for MLin's recipe line
 * {@code ./configure ... $4}: blanks separate words, single quotes keep everything literal,
 * double quotes keep blanks and honour backslash before {@code $ ` " \}, and a backslash outside
 * quotes escapes the next character.
 *
 * <p>Make expands the recipe before the shell sees it, so a {@code ${name}} (written
 * {@code $${name}} in the Makefile) becomes the package's build folder whatever the quoting; we keep
 * it as a {@link FlagWord.PackageFolder} part. The folder is assumed to hold no blanks or quotes,
 * which the build's own folder names guarantee.
 */
final class ShellWords {
    private static final Pattern REFERENCE = Pattern.compile("\\$(?:\\{([^}]*)\\}|\\(([^)]*)\\))");

    private ShellWords() {
    }

    /** The words, or {@code null} after adding a problem. */
    static List<FlagWord> split(String text, Path file, int line, List<Problem> problems) {
        List<FlagWord> words = new ArrayList<>();
        List<FlagWord.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                // $$ survives the call's expansion as Make's escape for a literal $ in the recipe
                literal.append('$');
                inWord = true;
                i++;
                continue;
            }
            if (c == '$') {
                Matcher m = REFERENCE.matcher(text);
                if (m.find(i) && m.start() == i) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    if (name.isEmpty() || !Tree.PACKAGE_NAME.matcher(name).matches()) {
                        problems.add(Problem.at(file, line, "FLAGS reference '" + m.group()
                                + "' names no package: expected $${package} with a package folder's name"));
                        return null;
                    }
                    flushText(parts, literal);
                    parts.add(new FlagWord.PackageFolder(name));
                    inWord = true;
                    i = m.end() - 1;
                    continue;
                }
                problems.add(Problem.at(file, line, "FLAGS contain a '$' that is not $${package}: expected"
                        + " $${package} for a package's build folder (a shell variable needs $$$$)"));
                return null;
            }
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    literal.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "$`\"\\".indexOf(text.charAt(i + 1)) >= 0) {
                    literal.append(text.charAt(++i));
                } else {
                    literal.append(c);
                }
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    flushText(parts, literal);
                    words.add(FlagWord.normalized(parts));
                    parts.clear();
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < text.length()) {
                    literal.append(text.charAt(++i));
                }
                inWord = true;
            } else {
                literal.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            problems.add(Problem.at(file, line, "FLAGS have an unterminated " + (quote == '\'' ? "single" : "double")
                    + " quote: expected a closing " + quote));
            return null;
        }
        if (inWord) {
            flushText(parts, literal);
            words.add(FlagWord.normalized(parts));
        }
        return words;
    }

    private static void flushText(List<FlagWord.Part> parts, StringBuilder literal) {
        if (literal.length() > 0) {
            parts.add(new FlagWord.Text(literal.toString()));
            literal.setLength(0);
        }
    }
}
