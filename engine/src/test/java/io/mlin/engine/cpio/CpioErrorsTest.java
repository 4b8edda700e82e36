package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.testsupport.Processes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: every problem of every list at once, each with its list and line, and no output. */
class CpioErrorsTest {
    @TempDir
    Path dir;

    /** line text -> a phrase its problem must contain; the line number is its position in the list. */
    private final Map<String, String> firstList = new LinkedHashMap<>();

    private Path out() {
        return dir.resolve("out").resolve("initramfs.cpio");
    }

    @Test
    void everyProblemOfEveryListIsReportedWithItsLineAndNothingIsWritten() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular"), "ok");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path fifo = dir.resolve("fifo");
        Processes.check(dir, "mkfifo", fifo.toString());
        Path huge = dir.resolve("huge");
        try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(1L << 32);
        }
        firstList.put("  dir /indented 755 0 0", "found leading blanks");
        firstList.put("\tfile /tabbed " + regular + " 644 0 0", "found leading blanks");
        firstList.put(" # not a comment", "found leading blanks");
        firstList.put("directory /x 755 0 0", "unknown type 'directory'");
        firstList.put("dir /neg 755 -1 0", "<uid> must be from 0 to 2147483647, found -1");
        firstList.put("dir /big 755 0 4294967296", "<gid> must be from 0 to 2147483647, found 4294967296");
        firstList.put("dir /nomode x 0 0", "<mode> must be an octal number, found 'x'");
        firstList.put("dir /short 755 0", "expected 'dir <name> <mode> <uid> <gid>': <gid> must be a decimal number, found the end");
        firstList.put("file ", "missing <name>");
        firstList.put("nod /dev/x 600 0 0 c 1", "<minor> must be a decimal number");
        firstList.put("nod /dev/y 600 0 0 \u00e7 1 2", "the device type must be b (block) or c (character)");
        firstList.put("slink /s 777 0 0", "expected 'slink <name> <target> <mode> <uid> <gid>'");
        firstList.put("file /../etc/passwd " + regular + " 644 0 0", "leaves the archive root through '..'");
        firstList.put("dir a/../../b 755 0 0", "leaves the archive root");
        firstList.put("file /ok " + regular + " 644 0 0 /fine /x/../../escape", "<hard link> '/x/../../escape' leaves");
        firstList.put("file /loop ${SELF} 644 0 0", "does ${SELF} refer to itself?");
        firstList.put("file /grow a${GROW} 644 0 0", "longer than 4096 bytes after ${} expansion");
        firstList.put("file /missing " + dir.resolve("nope") + " 644 0 0", "does not exist");
        firstList.put("file /relmissing nope/rel 644 0 0",
                "source 'nope/rel' (resolved to " + dir.resolve("lists/nope/rel") + ") does not exist");
        firstList.put("file /unset ${UNSET_IN_TEST} 644 0 0",
                "source '${UNSET_IN_TEST}' (expands to '', resolved to " + dir.resolve("lists") + ") is a directory");
        firstList.put("file /folder " + folder + " 644 0 0", "is a directory; expected a regular file");
        firstList.put("file /fifo " + fifo + " 644 0 0", "is a named pipe");
        firstList.put("file /huge " + huge + " 644 0 0", "is 4294967296 bytes; a cpio entry holds at most 4294967295");
        firstList.put("dir /" + "n".repeat(4097) + " 755 0 0", "<name> is longer than 4096 bytes");
        firstList.put("dir /" + "n".repeat(5000) + "/" + "m".repeat(4000) + " 755 0 0", "bytes long; gen_init_cpio reads at most 8241");
        Path first = dir.resolve("lists/first.list");
        Files.createDirectories(first.getParent());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes("# a good start\ndir /good 755 0 0\n".getBytes(StandardCharsets.UTF_8));
        int lineNumber = 2;
        Map<Integer, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : firstList.entrySet()) {
            text.writeBytes((e.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            expected.put(++lineNumber, e.getValue());
        }
        text.writeBytes(new byte[] {'d', 'i', 'r', ' ', '/', (byte) 0xC3, '(', ' ', '7', ' ', '0', ' ', '0', '\n'});
        expected.put(++lineNumber, "not valid UTF-8");
        Files.write(first, text.toByteArray());

        // line numbers restart in each list
        Path second = Files.writeString(dir.resolve("second.list"), "dir /ok 755 0 0\ndir /bad 755 0 zero\n");
        Path absent = dir.resolve("absent.list");

        Map<String, String> env = Map.of("SELF", "${SELF}", "GROW", "aa${GROW}");
        MlinException thrown = assertThrows(MlinException.class, () -> InitramfsWriter.write(
                List.of(CpioList.of(first), CpioList.of(second), CpioList.of(absent)), out(),
                new CpioOptions(false, 0, env)));

        List<Problem> problems = thrown.problems();
        List<Problem> ofFirst = problems.stream().filter(p -> p.file().equals(first)).collect(Collectors.toList());
        assertEquals(expected.keySet().stream().toList(), ofFirst.stream().map(Problem::line).toList(),
                "one problem per bad line of the first list, in order:\n" + thrown.getMessage());
        for (Problem p : ofFirst) {
            String phrase = expected.get(p.line());
            assertTrue(p.message().contains(phrase), "line " + p.line() + ": expected '" + phrase + "' in: " + p.message());
        }
        assertTrue(problems.contains(Problem.at(second, 2,
                "expected 'dir <name> <mode> <uid> <gid>': <gid> must be a decimal number, found 'zero'")), thrown.getMessage());
        assertTrue(problems.contains(Problem.inFile(absent, "the list does not exist")), thrown.getMessage());
        assertEquals(expected.size() + 2, problems.size(), thrown.getMessage());
        assertNothingWritten();

        // the stream variant writes nothing either
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThrows(MlinException.class, () -> InitramfsWriter.write(List.of(CpioList.of(second)), sink,
                CpioOptions.reproducible(Map.of())));
        assertEquals(0, sink.size());
    }

    @Test
    void checkReportsTheSameProblemsWithoutWriting() throws Exception {
        Path list = Files.writeString(dir.resolve("l"), "dir /a 755 0 0\nfile /b missing 644 0 0\n");
        List<Problem> problems = InitramfsWriter.check(List.of(CpioList.of(list)), CpioOptions.reproducible(Map.of()));
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
        assertTrue(problems.get(0).message().contains("does not exist"), problems.get(0).message());
    }

    @Test
    void aSourceThatReadsShorterThanItsSizeLeavesNoOutput() throws Exception {
        // sysfs files claim 4096 bytes and hold fewer: the write fails after it has begun
        Path shrinking = findShortSysfsFile();
        Path big = Files.write(dir.resolve("big"), new byte[3 << 20]);
        Path list = Files.writeString(dir.resolve("l"),
                "file /big " + big + " 644 0 0\nfile /sys " + shrinking + " 644 0 0\n");
        IOException e = assertThrows(IOException.class, () -> InitramfsWriter.write(List.of(CpioList.of(list)), out(),
                CpioOptions.reproducible(Map.of())));
        assertTrue(e.getMessage().contains("became shorter"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void badEpochsAreRefused() {
        MlinException tooBig = assertThrows(MlinException.class, () -> CpioOptions.reproducible(Map.of()).withEpoch(1L << 32));
        assertTrue(tooBig.getMessage().contains("from 0 to 4294967295"), tooBig.getMessage());
        assertThrows(MlinException.class, () -> CpioOptions.reproducible(Map.of()).withEpoch(-1));
        MlinException badEnv = assertThrows(MlinException.class,
                () -> CpioOptions.reproducible(Map.of("SOURCE_DATE_EPOCH", "yesterday")));
        assertTrue(badEnv.getMessage().contains("SOURCE_DATE_EPOCH must be a decimal number"), badEnv.getMessage());
        assertThrows(MlinException.class, () -> CpioOptions.reproducible(Map.of("SOURCE_DATE_EPOCH", "4294967296")));
        assertThrows(MlinException.class, () -> CpioOptions.reproducible(Map.of("SOURCE_DATE_EPOCH", "-5")));
    }

    private void assertNothingWritten() throws IOException {
        Path outDir = out().getParent();
        if (Files.isDirectory(outDir)) {
            try (Stream<Path> left = Files.list(outDir)) {
                assertEquals(List.of(), left.toList(), "nothing may be left in the output folder");
            }
        }
        assertFalse(Files.exists(out()));
    }

    private static Path findShortSysfsFile() throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of("/sys/kernel/mm/transparent_hugepage/enabled"),
                Path.of("/sys/kernel/profiling"),
                Path.of("/sys/power/state"),
                Path.of("/sys/devices/system/cpu/online")));
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                long size = Files.size(p);
                if (size > 0 && Files.readAllBytes(p).length < size) {
                    return p;
                }
            }
        }
        fail("this test needs a sysfs file whose size exceeds its content (is /sys mounted?): tried " + candidates);
        return null;
    }
}
