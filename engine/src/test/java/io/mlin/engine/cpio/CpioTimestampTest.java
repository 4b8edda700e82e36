package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default: one fixed timestamp, reproducible. {@code mtimeFromFiles}: MLin's dating by source and list. */
class CpioTimestampTest {
    @TempDir
    Path dir;

    private Path list1;
    private Path list2;

    private void twoListsWithDatedFiles() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "aaa");
        Path b = Files.writeString(dir.resolve("b"), "bbbb");
        Path future = Files.writeString(dir.resolve("future"), "after 2106");
        Path past = Files.writeString(dir.resolve("past"), "before 1970");
        list1 = Files.writeString(dir.resolve("one.list"), "dir /d 755 0 0\nfile /a a 644 0 0\nslink /s a 777 0 0\n"
                + "file /future future 644 0 0\nfile /past past 644 0 0 /past2\n");
        list2 = Files.writeString(dir.resolve("two.list"), "nod /n 600 0 0 c 1 1\nfile /b b 644 0 0\npipe /p 644 0 0\n");
        setMtime(a, 1_000_000_001L);
        setMtime(b, 1_000_000_002L);
        setMtime(future, 5_000_000_000L);
        setMtime(past, -100L);
        setMtime(list1, 1_600_000_000L);
        setMtime(list2, 1_600_000_500L);
    }

    private static void setMtime(Path p, long seconds) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(seconds, TimeUnit.SECONDS));
    }

    private List<CpioList> lists() {
        return List.of(CpioList.of(list1), CpioList.of(list2));
    }

    /** Entry name to header mtime. */
    private static Map<String, Long> mtimes(Path archive) throws IOException {
        Map<String, Long> result = new LinkedHashMap<>();
        for (NewcEntries.Entry entry : NewcEntries.read(archive)) {
            if (entry.name().equals("TRAILER!!!")) {
                assertEquals(0, entry.mtime(), "the trailer is always dated 0");
            } else {
                result.put(entry.name(), entry.mtime());
            }
        }
        return result;
    }

    @Test
    void defaultIsOneFixedTimeAndTheSameBytesEveryRun() throws Exception {
        twoListsWithDatedFiles();
        Path first = dir.resolve("first.cpio");
        Path second = dir.resolve("second.cpio");
        InitramfsWriter.write(lists(), first, CpioOptions.reproducible(Map.of()));
        // touching inputs must not matter
        setMtime(list1, 1_700_000_000L);
        setMtime(dir.resolve("a"), 1_700_000_000L);
        InitramfsWriter.write(lists(), second, CpioOptions.reproducible(Map.of()));
        assertEquals(-1, Files.mismatch(first, second));
        Map<String, Long> times = mtimes(first);
        assertEquals(9, times.size(), times.toString());
        times.forEach((name, time) -> assertEquals(0L, time, name));
    }

    @Test
    void sourceDateEpochSetsTheFixedTime() throws Exception {
        twoListsWithDatedFiles();
        Path archive = dir.resolve("sde.cpio");
        CpioOptions options = CpioOptions.reproducible(Map.of("SOURCE_DATE_EPOCH", "1234567890"));
        assertEquals(1234567890L, options.epoch());
        InitramfsWriter.write(lists(), archive, options);
        mtimes(archive).forEach((name, time) -> assertEquals(1234567890L, time, name));

        Path explicit = dir.resolve("explicit.cpio");
        InitramfsWriter.write(lists(), explicit, CpioOptions.reproducible(Map.of()).withEpoch(1234567890L));
        assertEquals(-1, Files.mismatch(archive, explicit));
        assertNotEquals(-1, Files.mismatch(archive, writeDefault()));
    }

    private Path writeDefault() throws IOException {
        Path archive = dir.resolve("default.cpio");
        InitramfsWriter.write(lists(), archive, CpioOptions.reproducible(Map.of()));
        return archive;
    }

    @Test
    void mtimeFromFilesDatesFilesBySourceAndTheRestByTheirList() throws Exception {
        twoListsWithDatedFiles();
        Path archive = dir.resolve("mlin.cpio");
        InitramfsWriter.write(lists(), archive, CpioOptions.reproducible(Map.of()).withMtimeFromFiles(true));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("d", 1_600_000_000L);
        expected.put("a", 1_000_000_001L);
        expected.put("s", 1_600_000_000L);
        expected.put("future", 0xFFFF_FFFFL);
        expected.put("past", 0L);
        expected.put("past2", 0L);
        expected.put("n", 1_600_000_500L);
        expected.put("b", 1_000_000_002L);
        expected.put("p", 1_600_000_500L);
        Map<String, Long> actual = mtimes(archive);
        assertEquals(expected, actual);
    }

    @Test
    void mtimeFromFilesMatchesUpstreamDatingFilesBySource() throws Exception {
        // upstream dates files by their source too; with -t equal to the list's mtime the rest agrees
        Path a = Files.writeString(dir.resolve("a"), "aaa");
        Path b = Files.writeString(dir.resolve("b"), "bbbb");
        Path list = Files.writeString(dir.resolve("l"),
                "dir /d 755 0 0\nfile /a " + a + " 644 0 0\nslink /s a 777 0 0\nfile /b " + b + " 600 0 0 /c\n");
        setMtime(a, 1_000_000_001L);
        setMtime(b, 1_400_000_000L);
        setMtime(list, 1_600_000_000L);
        Path reference = dir.resolve("reference.cpio");
        ReferenceCpio.runClean(list, 1_600_000_000L, Map.of(), reference);
        Path ours = dir.resolve("ours.cpio");
        InitramfsWriter.write(List.of(CpioList.of(list)), ours, CpioOptions.reproducible(Map.of()).withMtimeFromFiles(true));
        ReferenceCpio.assertSameBytes(reference, ours);
    }
}
