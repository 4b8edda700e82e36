package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our archives are byte for byte the kernel's gen_init_cpio's: run upstream with {@code -c -t T}
 * on a list with absolute locations, every source dated T, and ours with epoch T.
 */
class CpioReferenceTest {
    private static final long T = 1_700_000_000L;

    @TempDir
    Path dir;

    private Path src(String name, byte[] content) throws IOException {
        Path file = dir.resolve("src").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    private Path src(String name, String content) throws IOException {
        return src(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the list, runs both writers and compares. Returns our archive. */
    private Path assertSameAsReference(String eol, Map<String, String> env, List<String> lines) throws Exception {
        return assertSameAsReference(T, eol, env, lines);
    }

    private Path assertSameAsReference(long t, String eol, Map<String, String> env, List<String> lines) throws Exception {
        Path list = ReferenceCpio.writeList(dir.resolve("list.txt"), eol, lines);
        ReferenceCpio.setAllMtimes(dir, t);
        Path reference = dir.resolve("reference.cpio");
        ReferenceCpio.runClean(list, t, env, reference);
        Path ours = dir.resolve("ours.cpio");
        CpioSummary summary = InitramfsWriter.write(List.of(CpioList.of(list)), ours,
                new CpioOptions(false, t, env));
        ReferenceCpio.assertSameBytes(reference, ours);
        assertEquals(Files.size(ours), summary.archiveBytes());
        return ours;
    }

    @Test
    void everyEntryType() throws Exception {
        Path hello = src("hello", "hello world\n");
        assertSameAsReference("\n", Map.of(), List.of(
                "dir /dev 755 0 0",
                "nod /dev/console 600 0 0 c 5 1",
                "nod /dev/sda 660 0 6 b 8 0",
                "nod /dev/odd 600 0 0 x 4294967295 123456",
                "slink /lib64 /lib 777 0 0",
                "slink /bin/sh busybox 777 0 0",
                "pipe /run/fifo 644 1 2",
                "sock /run/sock 755 3 4",
                "dir /root 700 2147483647 2147483647",
                "file /etc/hello " + hello + " 644 1000 1000"));
    }

    @Test
    void theStreamVariantWritesTheSameBytes() throws Exception {
        Path hello = src("hello", "hello world\n");
        Path ours = assertSameAsReference("\n", Map.of(), List.of(
                "dir /dev 755 0 0",
                "file /etc/hello " + hello + " 644 1000 1000 /etc/again",
                "slink /l /etc/hello 777 0 0"));
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        CpioSummary summary = InitramfsWriter.write(List.of(CpioList.of(dir.resolve("list.txt"))), streamed,
                new CpioOptions(false, T, Map.of()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(ours), streamed.toByteArray());
        assertEquals(new CpioSummary(4, 1, 12, Files.size(ours)), summary);
    }

    @Test
    void hardLinks() throws Exception {
        Path busybox = src("busybox", "#!/bin/sh\necho pretend\n");
        Path empty = src("empty", "");
        assertSameAsReference("\n", Map.of(), List.of(
                "file /bin/busybox " + busybox + " 755 0 0 /bin/sh bin/ls //sbin/init",
                "file /a " + empty + " 644 0 0 /b",
                "file /c " + busybox + " 644 0 0\t/d \t /e  ",
                "file /f " + busybox + " 644 0 0",
                // links are read while the next byte is printable ASCII: UTF-8 stops them
                "file /g " + busybox + " 644 0 0 \u00e9lan /h",
                // a word glued to the gid still counts as a link (sscanf's %d stops at 'a')
                "file /i " + busybox + " 644 0 0abc",
                "dir /after 755 0 0"));
    }

    @Test
    void variablesInLocationsOnly() throws Exception {
        src("v/one", "1");
        src("v/two", "22");
        src("${NOPE", "literal");
        src("x", "x");
        Path v = dir.resolve("src/v");
        Map<String, String> env = Map.of(
                "VDIR", v.toString(),
                "NESTED", "${VDIR}/two",
                "SRC", dir.resolve("src").toString(),
                "ONE", "one");
        assertSameAsReference("\n", env, List.of(
                "file /one ${VDIR}/${ONE} 644 0 0",
                "file /two ${NESTED} 644 0 0",
                "file /unset ${UNSET_VARIABLE_FOR_TEST}${VDIR}/one 644 0 0",
                "file /empty-name ${}${SRC}/x 644 0 0",
                "file /open ${SRC}/${NOPE 644 0 0",
                "file /${VDIR}/name-is-not-expanded ${SRC}/x 644 0 0",
                "slink /l ${VDIR} 777 0 0"));
    }

    @Test
    void oddModesLeakAndWrapLikeSscanf() throws Exception {
        Path f = src("f", "data");
        assertSameAsReference("\n", Map.of(), List.of(
                "file /suid " + f + " 4755 0 0",
                "file /none " + f + " 0 0 0",
                "file /all " + f + " 7777 0 0",
                "file /leak " + f + " 120777 0 0",
                "dir /dirleak 100644 0 0",
                "dir /zeroprefix 0755 0 0",
                "dir /plus +755 0 0",
                "dir /minus -1 0 0",
                "dir /huge 77777777777 0 0",
                "dir /stops-at-8 0758 0 0",
                "pipe /allbits 177777 0 0",
                "dir /overflow 7777777777777777777777777 0 0",
                "nod /dev/x 20666 0 0 c 1 3",
                "nod /dev/wrap 600 0 0 c -1 99999999999999999999",
                "nod /dev/cut 600 0 0 b 4294967297 +7",
                "sock /s 4000 0 0"));
    }

    @Test
    void crlfListsParseAlike() throws Exception {
        Path f = src("f", "crlf");
        assertSameAsReference("\r\n", Map.of(), List.of(
                "# comment",
                "dir /d 755 0 0",
                "file /f " + f + " 644 0 0",
                "file /g " + f + " 644 0 0 /h",
                "slink /s /f 777 0 0",
                "nod /n 600 0 0 c 1 1",
                "dir",
                ""));
    }

    @Test
    void commentsBlanksLoneWordsAndTrailingWords() throws Exception {
        Path f = src("f", "words");
        assertSameAsReference("\n", Map.of(), List.of(
                "#!/not/a/shebang but a comment",
                "#dir /commented 755 0 0",
                "",
                "   ",
                "\t",
                "dir",
                "unknownword",
                "file",
                "dir /d 755 0 0 trailing words are ignored",
                "nod /n 600 0 0 c 1 1 extra",
                "slink /s target 777 0 0 extra words",
                "pipe\t/p\t644\t0\t0",
                "file /f " + f + " 644 0 0",
                "lastline"));
    }

    @Test
    void lastLineWithoutNewlineCounts() throws Exception {
        Path f = src("f", "tail");
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "dir /d 755 0 0\nfile /f " + f + " 644 0 0");
        ReferenceCpio.setAllMtimes(dir, T);
        Path reference = dir.resolve("reference.cpio");
        ReferenceCpio.runClean(list, T, Map.of(), reference);
        Path ours = dir.resolve("ours.cpio");
        CpioSummary summary = InitramfsWriter.write(List.of(CpioList.of(list)), ours, new CpioOptions(false, T, Map.of()));
        ReferenceCpio.assertSameBytes(reference, ours);
        assertEquals(2, summary.entries());
    }

    @Test
    void theLongestLineIsReadWhole() throws Exception {
        Path f = src("f", "long line");
        String start = "file /" + "n".repeat(4095) + " " + f + " 644 0 0 /";
        String line = start + "l".repeat(CpioListParser.MAX_LINE_BYTES - start.length());
        assertEquals(CpioListParser.MAX_LINE_BYTES, line.length());
        assertSameAsReference("\n", Map.of(), List.of(line, "dir /after 755 0 0"));
        // one byte more and gen_init_cpio would split the line: we refuse it
        Path longer = ReferenceCpio.writeList(dir.resolve("longer.list"), "\n", List.of(line + "l"));
        org.junit.jupiter.api.Assertions.assertThrows(io.mlin.engine.MlinException.class, () -> InitramfsWriter.write(
                List.of(CpioList.of(longer)), dir.resolve("longer.cpio"), new CpioOptions(false, T, Map.of())));
    }

    @Test
    void emptyListIsOneTrailerBlock() throws Exception {
        Path ours = assertSameAsReference("\n", Map.of(), List.of());
        assertEquals(512, Files.size(ours));
    }

    @Test
    void devNullGivesAnEmptyFile() throws Exception {
        // upstream dates files by their source, and /dev/null's mtime is not ours to change
        long devNull = Math.max(0, Math.min(Files.getLastModifiedTime(Path.of("/dev/null")).to(TimeUnit.SECONDS),
                CpioOptions.MAX_TIME));
        assertSameAsReference(devNull, "\n", Map.of(), List.of(
                "file /empty /dev/null 644 0 0",
                "file /empty2 /dev/null 644 0 0 /empty3"));
    }

    @Test
    void namesPassThroughButOneSlash() throws Exception {
        Path f = src("f", "n");
        // the longest name gen_init_cpio reads whole (%4096s)
        String longName = "/" + "l".repeat(255) + "/" + "n".repeat(4096 - 257);
        assertSameAsReference("\n", Map.of(), List.of(
                "dir / 755 0 0",
                "dir //double 755 0 0",
                "dir relative 755 0 0",
                "dir /trailing/ 755 0 0",
                "dir /./dot 755 0 0",
                "dir /a/../b 755 0 0",
                "dir /dup 755 0 0",
                "dir /dup 755 0 0",
                "file " + longName + " " + f + " 644 0 0",
                "file /utf8-\u00e9\u4e2d " + f + " 644 0 0",
                "slink /ln " + "t".repeat(4000) + " 777 0 0"));
    }

    @Test
    void everyPaddingOfNamesAndData() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int size = 0; size <= 5; size++) {
            byte[] content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = (byte) (0xF0 + i);
            }
            Path f = src("size" + size, content);
            for (int nameLength = 1; nameLength <= 4; nameLength++) {
                lines.add("file /" + "abcd".substring(0, nameLength) + size + " " + f + " 644 0 0");
            }
            lines.add("slink /" + "s".repeat(size + 1) + " " + "t".repeat(size) + "x 777 0 0");
        }
        assertSameAsReference("\n", Map.of(), lines);
    }

    @Test
    void bigFilesAndManyFilesCrossTheBuffer() throws Exception {
        Random random = new Random(42);
        byte[] big = new byte[5 * 1024 * 1024 + 3];
        random.nextBytes(big);
        Path bigFile = src("big", big);
        // just under, at and over what one buffer holds with its header
        List<String> lines = new ArrayList<>();
        lines.add("file /big " + bigFile + " 644 0 0 /big2");
        for (int delta : new int[] {-200, -130, -128, -127, -1, 0, 1, 5000}) {
            byte[] content = new byte[InitramfsWriter.BUFFER_BYTES + delta];
            random.nextBytes(content);
            Path f = src("edge" + delta, content);
            lines.add("file /edge" + delta + " " + f + " 644 0 0");
        }
        for (int i = 0; i < 300; i++) {
            byte[] content = new byte[random.nextInt(20_000)];
            random.nextBytes(content);
            Path f = src("many" + i, content);
            lines.add("file /many/" + i + " " + f + " 644 0 0");
        }
        assertSameAsReference("\n", Map.of(), lines);
    }

    @Test
    void severalListsEqualTheirConcatenation() throws Exception {
        Path a = src("a", "first");
        Path b = src("b", "second!");
        List<String> first = List.of("dir /dev 755 0 0", "file /a " + a + " 644 0 0 /a2");
        List<String> second = List.of("# second list", "slink /x /a 777 0 0", "file /b " + b + " 600 0 0");
        List<String> third = List.of("nod /dev/null 666 0 0 c 1 3");
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        Path reference = dir.resolve("reference.cpio");
        ReferenceCpio.setAllMtimes(dir, T);
        ReferenceCpio.runClean(ReferenceCpio.writeList(dir.resolve("all.list"), "\n", all), T, Map.of(), reference);

        Path ours = dir.resolve("ours.cpio");
        InitramfsWriter.write(List.of(
                CpioList.of(ReferenceCpio.writeList(dir.resolve("l1/first.list"), "\n", first)),
                CpioList.of(ReferenceCpio.writeList(dir.resolve("l2/second.list"), "\n", second)),
                CpioList.of(ReferenceCpio.writeList(dir.resolve("l3/third.list"), "\n", third))),
                ours, new CpioOptions(false, T, Map.of()));
        ReferenceCpio.assertSameBytes(reference, ours);
    }

    @Test
    void relativeLocationsFollowEachListsFolder() throws Exception {
        Path one = src("one/data", "in one");
        Path two = src("two/data", "in two");
        ReferenceCpio.setAllMtimes(dir, T);
        Path reference = dir.resolve("reference.cpio");
        ReferenceCpio.runClean(ReferenceCpio.writeList(dir.resolve("absolute.list"), "\n", List.of(
                "file /one " + one + " 644 0 0",
                "file /two " + two + " 644 0 0",
                "file /two-again " + two + " 644 0 0")), T, Map.of(), reference);

        // same names, but relative locations: "data" means a different file in each list's folder
        Path listOne = ReferenceCpio.writeList(dir.resolve("src/one/list"), "\n", List.of("file /one data 644 0 0"));
        Path listTwo = ReferenceCpio.writeList(dir.resolve("src/two/list"), "\n", List.of(
                "file /two data 644 0 0", "file /two-again ../two/./data 644 0 0"));
        Path ours = dir.resolve("ours.cpio");
        InitramfsWriter.write(List.of(CpioList.of(listOne), CpioList.of(listTwo)), ours,
                new CpioOptions(false, T, Map.of()));
        ReferenceCpio.assertSameBytes(reference, ours);
    }
}
