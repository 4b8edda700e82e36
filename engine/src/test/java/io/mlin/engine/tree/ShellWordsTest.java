package io.mlin.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.Problem;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.HostCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * FLAGS word splitting compared with the real {@code /bin/sh}: the FLAGS text (as the call hands
 * it on) goes through Make's recipe expansion by hand ({@code $$} to {@code $}, {@code ${pkg}} to a
 * folder) and then through {@code sh -c 'printf ...' $FLAGS}.
 */
class ShellWordsTest {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([^}]*)\\}|\\$\\(([^)]*)\\)");

    private static String folder(String pkg) {
        return "/obj/" + pkg;
    }

    private static List<String> ours(String flagsText) {
        List<Problem> problems = new ArrayList<>();
        List<FlagWord> words = ShellWords.split(flagsText, Path.of("Makefile"), 1, problems);
        assertNotNull(words, problems.toString());
        return words.stream().map(w -> w.render(ShellWordsTest::folder)).toList();
    }

    private static List<String> shell(String flagsText) throws Exception {
        HostTools.require("sh", "dash");
        Matcher m = REF.matcher(flagsText);
        StringBuilder recipe = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(recipe, Matcher.quoteReplacement(name == null ? "$" : folder(name)));
        }
        m.appendTail(recipe);
        String out = HostCommand.output(null, "sh", "-c", "printf '<%s>\\n' " + recipe);
        List<String> words = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                words.add(line.substring(1, line.length() - 1));
            }
        }
        return words;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--disable-debug --with-mini-gmp",
        "LIBMNL_CFLAGS='-I${libmnl}/include' LIBMNL_LIBS='-L${libmnl}/src/.libs -lmnl'",
        "\"MOTTO=tiny router\" X=a\\ b Y=\"q\\\"uote\" Z='it'\"'\"'s'",
        "A=\"${libfoo}/x y\" B=$(libfoo)/lib C='$$5' D=\\$$HOME",
        "E=\"a\\b\" F=\"\\\\\" G=''"
    })
    void splitsLikeTheShell(String flags) throws Exception {
        assertEquals(shell(flags), ours(flags));
    }

    @Test
    void referencesStayReferencesUntilRendered() {
        List<Problem> problems = new ArrayList<>();
        List<FlagWord> words = ShellWords.split("FOO_LIBS='-L${libfoo}/src/.libs -lfoo'", Path.of("M"), 3, problems);
        assertEquals(1, words.size());
        assertEquals(List.of(new FlagWord.Text("FOO_LIBS=-L"), new FlagWord.PackageFolder("libfoo"),
                new FlagWord.Text("/src/.libs -lfoo")), words.get(0).parts());
        assertEquals(Arrays.asList("libfoo"), new ArrayList<>(words.get(0).referencedPackages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=$HOME", "A=\"$$HOME\"", "A='unterminated", "A=${}", "A=$(not a name)"})
    void whatTheShellOrMakeWouldExpandDifferentlyIsReported(String flags) {
        List<Problem> problems = new ArrayList<>();
        assertNull(ShellWords.split(flags, Path.of("M"), 7, problems));
        assertEquals(1, problems.size());
        assertEquals(7, problems.get(0).line());
        assertTrue(problems.get(0).message().startsWith("FLAGS"), problems.get(0).message());
    }
}
