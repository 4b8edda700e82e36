package io.mlin.engine.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variable files: strict NAME=value lines, problems by line, values never shown. */
class VariablesTest {
    private static final String SECRET = "hunter2-topsecret";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }

    @Test
    void valuesAreTheRestOfTheLineAsIs() throws IOException {
        Variables v = Variables.fromFile(file("a.var", "ID=3\nNAME=edge router \nEQ=a=b\nEMPTY=\nCR=x\r\nLAST=no newline"));
        assertEquals(Set.of("ID", "NAME", "EQ", "EMPTY", "CR", "LAST"), v.names());
        assertEquals("edge router ", new String(v.valueBytes("NAME"), StandardCharsets.UTF_8));
        assertEquals("a=b", new String(v.valueBytes("EQ"), StandardCharsets.UTF_8));
        assertEquals("", new String(v.valueBytes("EMPTY"), StandardCharsets.UTF_8));
        assertEquals("x\r", new String(v.valueBytes("CR"), StandardCharsets.UTF_8));
        assertEquals("no newline", new String(v.valueBytes("LAST"), StandardCharsets.UTF_8));
    }

    @Test
    void aLaterDefinitionWins() throws IOException {
        Variables v = Variables.fromFile(file("a.var", "A=1\nA=2\n"));
        assertEquals("2", new String(v.valueBytes("A"), StandardCharsets.UTF_8));
    }

    @Test
    void everyBadLineIsReportedWithoutItsContent() throws IOException {
        Path f = file("bad.var", "GOOD=1\n\nlower=" + SECRET + "\n_X=1\n1A=2\nA-B=3\n  SPACE=4\nNOEQUALS\nA=ok\n");
        List<Problem> problems = Variables.check(f);
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), problems.stream().map(Problem::line).toList());
        for (Problem p : problems) {
            assertEquals(f, p.file());
            assertEquals("expected NAME=value with NAME matching [A-Z][_A-Z0-9]* (blank lines are not allowed)", p.message());
        }
        MlinException e = assertThrows(MlinException.class, () -> Variables.fromFile(f));
        assertEquals(problems, e.problems());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void valuesNeverAppearInToString() throws IOException {
        Variables fromFile = Variables.fromFile(file("s.var", "PASSWORD=" + SECRET + "\n"));
        assertFalse(fromFile.toString().contains(SECRET));
        assertTrue(fromFile.toString().contains("1 defined"));
        Variables fromMap = Variables.of(Map.of("PASSWORD", SECRET), "credentials 'router'");
        assertFalse(fromMap.toString().contains(SECRET));
        assertEquals("credentials 'router'", fromMap.origin());
    }

    @Test
    void aCallersMapIsCheckedByName() {
        MlinException e = assertThrows(MlinException.class,
                () -> Variables.of(Map.of("lower", SECRET, "OK", "1", "ALSO-BAD", SECRET), "credentials 'x'"));
        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().contains("invalid variable name 'lower'"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid variable name 'ALSO-BAD'"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        assertEquals("é", new String(Variables.of(Map.of("E", "é"), "m").valueBytes("E"), StandardCharsets.UTF_8));
    }

    @Test
    void anUnreadableFileIsOneProblem() {
        Path missing = dir.resolve("missing.var");
        List<Problem> problems = Variables.check(missing);
        assertEquals(1, problems.size());
        assertEquals(0, problems.get(0).line());
        assertEquals(missing, problems.get(0).file());
    }
}
