package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the parser hands other engineers: fields per type, expansion, resolution, line numbers. */
class CpioListParserTest {
    @TempDir
    Path dir;

    private ParsedList parse(String text, Map<String, String> env) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Path list = Files.writeString(dir.resolve("sub/list.txt"), text);
        return CpioListParser.parse(CpioList.of(list), env);
    }

    @Test
    void fieldsOfEveryType() throws IOException {
        ParsedList parsed = parse(String.join("\n",
                "# header",
                "file /bin/sh rel/busybox 4755 1 2 /bin/ls bin/cat",
                "dir /dev 0755 0 0",
                "nod /dev/sda 660 0 6 b 8 1",
                "slink /lib64 /lib 777 0 0",
                "pipe /p 644 3 4",
                "sock /s 100600 5 6",
                ""), Map.of());
        assertEquals(List.of(), parsed.problems());
        List<CpioLine> lines = parsed.lines();
        assertEquals(6, lines.size());

        CpioLine file = lines.get(0);
        assertEquals(2, file.lineNumber());
        assertEquals(CpioType.FILE, file.type());
        assertEquals("/bin/sh", file.name());
        assertEquals(04755, file.mode());
        assertEquals(0104755, file.headerMode());
        assertEquals(1, file.uid());
        assertEquals(2, file.gid());
        assertEquals("rel/busybox", file.location());
        assertEquals(dir.resolve("sub/rel/busybox"), file.source());
        assertEquals(List.of("/bin/ls", "bin/cat"), file.links());
        assertEquals(List.of("/bin/sh", "/bin/ls", "bin/cat"), file.names());

        assertEquals(040755, lines.get(1).headerMode());
        CpioLine nod = lines.get(2);
        assertEquals('b', nod.deviceType());
        assertEquals(8, nod.major());
        assertEquals(1, nod.minor());
        assertEquals(060660, nod.headerMode());
        assertEquals("/lib", lines.get(3).target());
        assertEquals(0120777, lines.get(3).headerMode());
        assertEquals(010644, lines.get(4).headerMode());
        // type bits in the written mode are OR'd, never masked
        assertEquals(0100600 | 0140000, lines.get(5).headerMode());
        assertNull(lines.get(1).source());
    }

    @Test
    void archiveNamesLoseExactlyOneSlash() {
        assertEquals("dev", CpioLine.archiveName("/dev"));
        assertEquals("/x", CpioLine.archiveName("//x"));
        assertEquals("", CpioLine.archiveName("/"));
        assertEquals("rel/", CpioLine.archiveName("rel/"));
    }

    @Test
    void numbersAreReadLikeSscanf() throws IOException {
        ParsedList parsed = parse(String.join("\n",
                "dir /a 0758 0 0",       // %o stops at 8: mode 075, uid 8, gid 0, the rest ignored
                "dir /b -1 0 0",         // %o wraps a minus like strtoul
                "dir /c 77777777777 0 0", // cut to 32 bits
                "nod /d 600 0 0 c -1 99999999999999999999", // %u: wraps, then saturates and cuts
                ""), Map.of());
        assertEquals(List.of(), parsed.problems());
        CpioLine a = parsed.lines().get(0);
        assertEquals(075, a.mode());
        assertEquals(8, a.uid());
        assertEquals(0, a.gid());
        assertEquals(0xFFFF_FFFFL, parsed.lines().get(1).mode());
        assertEquals(077777777777L & 0xFFFF_FFFFL, parsed.lines().get(2).mode());
        assertEquals(0xFFFF_FFFFL, parsed.lines().get(3).major());
        assertEquals(0xFFFF_FFFFL, parsed.lines().get(3).minor());
    }

    @Test
    void expansionFollowsTheToolsLoop() throws Exception {
        Map<String, String> env = Map.of("A", "${B}/a", "B", "b", "SELF", "x${SELF}", "LOOP", "${LOOP}", "E", "");
        assertEquals("b/a", CpioListParser.expand("${A}", env));
        assertEquals("/b/a/b", CpioListParser.expand("/${A}/${B}", env));
        assertEquals("x", CpioListParser.expand("${}x${UNSET}", env));
        assertEquals("keep${B", CpioListParser.expand("keep${B", env));
        assertEquals("}b${", CpioListParser.expand("}${B}${", env));
        // the first "${" pairs with the first "}" after it, whatever lies between
        assertEquals("z", CpioListParser.expand("${A${B}z", Map.of("A${B", "")));
        assertEquals("", CpioListParser.expand("${E}", env));
        CpioListParser.LineProblem loop = assertThrows(CpioListParser.LineProblem.class,
                () -> CpioListParser.expand("${LOOP}", env));
        assertTrue(loop.getMessage().contains("${LOOP} refer to itself"), loop.getMessage());
        assertThrows(CpioListParser.LineProblem.class, () -> CpioListParser.expand("${SELF}", env));
    }

    @Test
    void expansionIsOnlyInFileLocations() throws IOException {
        ParsedList parsed = parse("file /${X} ${X}/f 644 0 0 /${X}2\nslink /l ${X} 777 0 0\n", Map.of("X", "/abs"));
        assertEquals(List.of(), parsed.problems());
        CpioLine file = parsed.lines().get(0);
        assertEquals("/${X}", file.name());
        assertEquals("/abs/f", file.location());
        assertEquals("${X}/f", file.writtenLocation());
        assertEquals(Path.of("/abs/f"), file.source());
        assertEquals(List.of("/${X}2"), file.links());
        assertEquals("${X}", parsed.lines().get(1).target());
    }

    @Test
    void lineNumbersCountEveryLineOfEachFile() throws IOException {
        ParsedList parsed = parse("# c\n\n   \ndir\ndir /ok 755 0 0\r\nbad /x 1 2 3\r\n  dir /y 755 0 0\nlast", Map.of());
        assertEquals(1, parsed.lines().size());
        assertEquals(5, parsed.lines().get(0).lineNumber());
        assertEquals("/ok", parsed.lines().get(0).name());
        assertEquals(List.of(6, 7), parsed.problems().stream().map(Problem::line).toList());
        assertEquals(dir.resolve("sub/list.txt"), parsed.problems().get(0).file());
    }

    @Test
    void aMissingListIsAnIoError() {
        assertThrows(NoSuchFileException.class,
                () -> CpioListParser.parse(CpioList.of(dir.resolve("none")), Map.of()));
    }

    @Test
    void ofUsesTheListsFolderEvenForABareFileName() {
        CpioList list = CpioList.of(Path.of("just-a-name.list"));
        assertEquals(Path.of("").toAbsolutePath(), list.baseDir());
    }
}
