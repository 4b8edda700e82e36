package io.mlin.engine.vars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlin.engine.Problem;
import io.mlin.engine.testsupport.BashSubstitution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Our substitution gives the bytes bash's {@code $(cat)}, {@code ${c//<TAG>/value}} and echo give. */
class BashOracleTest {
    private static final Map<String, String> VALUES = Map.of(
            "ID", "3", "LAN_IP", "192.168.10.2", "EMPTY", "", "SPACES", " a  b ", "AMP", "x&y\\z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "host-<ID>\n",
        "no newline at the end <LAN_IP>",
        "trailing\n\n\n\n",
        "\n\nleading and <EMPTY> value\n",
        "<ID><ID><LAN_IP> <<ID>> <id> <I D> <1D> <SPACES>|<AMP>\n",
        "crlf <ID>\r\n\r\n",
        "",
        "\n",
        "latin-1 \u00e9\u00ff bytes <ID>\n"
    })
    void sameBytesAsBash(String content) throws Exception {
        Path in = dir.resolve("in");
        Files.write(in, content.getBytes(StandardCharsets.ISO_8859_1));
        Path expected = dir.resolve("expected");
        BashSubstitution.substitute(in, VALUES, expected);
        Path ours = dir.resolve("ours");
        List<Problem> problems = new ArrayList<>();
        assertEquals(TagSubstitution.Outcome.SUBSTITUTED, TagSubstitution.copy(in, ours, Variables.of(VALUES, "t"), problems));
        assertEquals(List.of(), problems);
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(ours),
                () -> new String(readQuietly(expected), StandardCharsets.ISO_8859_1) + " vs "
                        + new String(readQuietly(ours), StandardCharsets.ISO_8859_1));
    }

    private static byte[] readQuietly(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
