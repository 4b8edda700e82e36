package io.mlin.engine.tree;

import io.mlin.engine.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits configure FLAGS into words the way MLin's recipe line {@code ./configure ... $4} treats
 * them, in two steps.
 *
 * <ol>
 *   <li>Make expands the recipe line when it runs it: {@code $$} is a {@code $}, {@code ${name}} or
 *       {@code $(name)} is the Make variable holding package {@code name}'s build folder (whatever
 *       the shell quoting around it). We keep those as {@link FlagWord.PackageFolder} parts. Any
 *       other {@code $} would expand some Make variable, so it is reported.</li>
 *   <li>{@code /bin/sh} splits the result: blanks separate words, single quotes keep everything
 *       literal, double quotes keep blanks and honour backslash before {@code $ ` " \}, and a
 *       backslash outside quotes escapes the next character. A {@code $} that reaches the shell
 *       unquoted or in double quotes would be a shell expansion, which we do not model: reported.</li>
 * </ol>
 *
 * A build folder is assumed to hold no blanks or quotes, which the build's folder names guarantee.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** The words, or {@code null} after adding a problem. */
    static List<FlagWord> split(String text, Path file, int line, List<Problem> problems) {
        List<Object> tokens = makeExpansion(text, file, line, problems);
        if (tokens == null) {
            return null;
        }
        List<FlagWord> words = new ArrayList<>();
        List<FlagWord.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Object token = tokens.get(i);
            if (token instanceof FlagWord.PackageFolder ref) {
                flushText(parts, literal);
                parts.add(ref);
                inWord = true;
                continue;
            }
            char c = (Character) token;
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    literal.append(c);
                }
                continue;
            }
            if (c == '$') {
                problems.add(Problem.at(file, line, "FLAGS hand a '$' to the shell outside single quotes,"
                        + " which would expand a shell variable: expected $${package} for a package's build folder,"
                        + " or '$$$$' inside single quotes for a literal $"));
                return null;
            }
            if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < tokens.size() && tokens.get(i + 1) instanceof Character next
                        && "$`\"\\".indexOf(next) >= 0) {
                    literal.append(next.charValue());
                    i++;
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
                if (i + 1 < tokens.size() && tokens.get(i + 1) instanceof Character next) {
                    literal.append(next.charValue());
                    i++;
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

    /** Make's recipe-time expansion: characters and package references, or null after a problem. */
    private static List<Object> makeExpansion(String text, Path file, int line, List<Problem> problems) {
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '$') {
                tokens.add(c);
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (next == '$') {
                tokens.add('$');
                i++;
                continue;
            }
            char close = next == '{' ? '}' : next == '(' ? ')' : 0;
            int end = close == 0 ? -1 : text.indexOf(close, i + 2);
            if (end < 0) {
                problems.add(Problem.at(file, line, "FLAGS contain a '$' that is not $${package}: expected $${package}"
                        + " for a package's build folder, or $$$$ for a literal $"));
                return null;
            }
            String name = text.substring(i + 2, end);
            if (!Tree.PACKAGE_NAME.matcher(name).matches()) {
                problems.add(Problem.at(file, line, "FLAGS reference '" + text.substring(i, end + 1)
                        + "' names no package: expected $${package} with a package folder's name"));
                return null;
            }
            tokens.add(new FlagWord.PackageFolder(name));
            i = end;
        }
        return tokens;
    }

    private static void flushText(List<FlagWord.Part> parts, StringBuilder literal) {
        if (literal.length() > 0) {
            parts.add(new FlagWord.Text(literal.toString()));
            literal.setLength(0);
        }
    }
}
