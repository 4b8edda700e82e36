package io.mlin.engine.vars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <NAME>} substitution: text and binary files, newline rule, undefined tags. */
class TagSubstitutionTest {
    private static final String SECRET = "pa55-w0rd-value";

    @TempDir
    Path dir;

    private final List<Problem> problems = new ArrayList<>();

    private byte[] substitute(byte[] content, Variables vars, TagSubstitution.Outcome expected) throws IOException {
        Path in = dir.resolve("in");
        Path out = dir.resolve("sub/out");
        Files.createDirectories(out.getParent());
        Files.write(in, content);
        assertEquals(expected, TagSubstitution.copy(in, out, vars, problems));
        return expected == TagSubstitution.Outcome.FAILED ? null : Files.readAllBytes(out);
    }

    private String substitute(String content, Map<String, String> values) throws IOException {
        byte[] out = substitute(content.getBytes(StandardCharsets.UTF_8), Variables.of(values, "test"),
                TagSubstitution.Outcome.SUBSTITUTED);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void tagsAreReplacedEverywhere() throws IOException {
        assertEquals("host-3 10.0.0.3 host-3\n",
                substitute("host-<ID> <LAN_IP> host-<ID>\n", Map.of("ID", "3", "LAN_IP", "10.0.0.3")));
    }

    @Test
    void onlyUpperCaseNamesAreTags() throws IOException {
        assertEquals("<lower> <A-B> <> <1A> < A> <A >x<<<B>\n",
                substitute("<lower> <A-B> <> <1A> < A> <A >x<<<B>>\n", Map.of("B", "<B")));
    }

    @Test
    void valuesAreNotSearchedAgain() throws IOException {
        assertEquals("<B> b\n", substitute("<A> <B>\n", Map.of("A", "<B>", "B", "b")));
    }

    @Test
    void theFileEndsInExactlyOneNewlineAsSubstvarWritesIt() throws IOException {
        assertEquals("a\n", substitute("a", Map.of()));
        assertEquals("a\n\nb\n", substitute("a\n\nb\n\n\n", Map.of()));
        assertEquals("\n", substitute("", Map.of()));
        assertEquals("x\r\n", substitute("x\r\n", Map.of()));
    }

    @Test
    void nonUtf8BytesPassThrough() throws IOException {
        byte[] latin1 = "caf\u00e9 <N>\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = substitute(latin1, Variables.of(Map.of("N", "1"), "t"), TagSubstitution.Outcome.SUBSTITUTED);
        assertArrayEquals("caf\u00e9 1\n".getBytes(StandardCharsets.ISO_8859_1), out);
    }

    @Test
    void aFileWithANulByteIsCopiedUnchanged() throws IOException {
        byte[] binary = {0x7f, 'E', 'L', 'F', 0, '<', 'A', '>', '\n', '\n'};
        byte[] out = substitute(binary, Variables.of(Map.of(), "t"), TagSubstitution.Outcome.COPIED_BINARY);
        assertArrayEquals(binary, out);
        assertTrue(problems.isEmpty());
    }

    @Test
    void undefinedTagsAreReportedByFileAndLineAndNothingIsWritten() throws IOException {
        Variables vars = Variables.of(Map.of("PASSWORD", SECRET), "t");
        assertEquals(null, substitute("ok <PASSWORD>\n<MISSING>\n\nx <OTHER> <MISSING>\n".getBytes(StandardCharsets.UTF_8),
                vars, TagSubstitution.Outcome.FAILED));
        Path in = dir.resolve("in");
        assertEquals(List.of(Problem.at(in, 2, "undefined variable: MISSING"), Problem.at(in, 4, "undefined variable: OTHER")),
                problems);
        assertEquals(in + ":2: undefined variable: MISSING", problems.get(0).toString());
        assertFalse(Files.exists(dir.resolve("sub/out")));
        assertFalse(problems.toString().contains(SECRET));
    }

    @Test
    void largeFilesStream() throws IOException {
        // 8 MiB of text with a tag every line: streamed through two passes, not held whole.
        Path in = dir.resolve("big");
        byte[] line = "value=<V> padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(in)) {
            for (int i = 0; i < (8 << 20) / line.length; i++) {
                out.write(line);
            }
        }
        Path target = dir.resolve("big.out");
        assertEquals(TagSubstitution.Outcome.SUBSTITUTED,
                TagSubstitution.copy(in, target, Variables.of(Map.of("V", "1234"), "t"), problems));
        long lines = (8 << 20) / line.length;
        assertEquals(Files.size(in) + lines * (4 - 3), Files.size(target));
    }
}
