package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.Processes;
import io.mlin.engine.testsupport.RedirectedProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real tools that read ISOs and FAT images, and pulls out what the tests compare. */
final class IsoVerifiers {
    private IsoVerifiers() {
    }

    /** What {@code isoinfo -d} says about a volume. */
    record IsoInfo(String systemId, String volumeId, long volumeSectors, int catalogLba, int platform,
            int bootIndicator, int mediaType, int sectorCount, int loadLba, String raw) {
    }

    static IsoInfo isoinfoD(Path iso) throws IOException, InterruptedException {
        HostTools.require("isoinfo", "genisoimage");
        String out = RedirectedProcesses.check(null, "isoinfo", "-d", "-i", iso.toString()).stdout();
        return new IsoInfo(
                find(out, "System id: (.*)"),
                find(out, "Volume id: (.*)"),
                Long.parseLong(find(out, "Volume size is: (\\d+)")),
                Integer.parseInt(find(out, "El Torito VD version 1 found, boot catalog is in sector (\\d+)")),
                Integer.parseInt(find(out, "Arch (\\d+)")),
                Integer.parseInt(find(out, "Bootid ([0-9a-fA-F]+)"), 16),
                Integer.parseInt(find(out, "Boot media ([0-9a-fA-F]+)"), 16),
                // isoinfo prints the count through a signed short: 32768 and up come out as FFFF8000...
                (int) (Long.parseLong(find(out, "Nsect ([0-9a-fA-F]+)"), 16) & 0xFFFF),
                Integer.parseInt(find(out, "Bootoff [0-9a-fA-F]+ (\\d+)")),
                out);
    }

    /** One line of {@code isoinfo -l}: name, size, extent LBA. */
    record IsoEntry(String name, long size, long lba) {
    }

    static List<IsoEntry> isoinfoL(Path iso) throws IOException, InterruptedException {
        HostTools.require("isoinfo", "genisoimage");
        String out = RedirectedProcesses.check(null, "isoinfo", "-l", "-i", iso.toString()).stdout();
        Pattern line = Pattern.compile("^-\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+(\\d+) .*\\[\\s*(\\d+) \\d+\\]\\s+(\\S+)\\s*$",
                Pattern.MULTILINE);
        Matcher m = line.matcher(out);
        List<IsoEntry> files = new java.util.ArrayList<>();
        while (m.find()) {
            files.add(new IsoEntry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        return files;
    }

    /** The El Torito entry as xorriso reports it; fails on any problem xorriso reports. */
    record XorrisoBoot(String platform, String emulation, long loadSize, long lba) {
    }

    static XorrisoBoot xorrisoElTorito(Path iso) throws IOException, InterruptedException {
        HostTools.require("xorriso", "xorriso");
        Processes.Result r = RedirectedProcesses.check(null, "xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
        String all = (r.stdout() + "\n" + r.stderr()).replace(iso.toString(), "ISO"); // the path may contain any word
        for (String bad : List.of("SORRY", "FAILURE", "FATAL", "ERROR", "WARNING", "MISHAP")) {
            assertTrue(!all.contains(bad), "xorriso reported " + bad + ":\n" + all);
        }
        Matcher m = Pattern.compile("El Torito boot img :\\s+1\\s+(\\S+)\\s+y\\s+(\\S+)\\s+0x0000\\s+0x00\\s+(\\d+)\\s+(\\d+)")
                .matcher(all);
        assertTrue(m.find(), "xorriso shows no bootable El Torito image:\n" + all);
        assertTrue(!all.contains("El Torito boot img :   2"), "expected exactly one boot image:\n" + all);
        return new XorrisoBoot(m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)));
    }

    /** Extracts {@code BOOT.IMG;1} with isoinfo. */
    static Path extractBootImage(Path iso, Path into) throws IOException, InterruptedException {
        HostTools.require("isoinfo", "genisoimage");
        List<String> cmd = List.of("isoinfo", "-i", iso.toString(), "-x", "/BOOT.IMG;1");
        Process p = new ProcessBuilder(cmd).redirectOutput(into.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), "isoinfo -x failed");
        return into;
    }

    /** What {@code fsck.fat -n -v} says: it must find nothing to fix. */
    record FsckInfo(int fatBits, long dataClusters, String raw) {
    }

    static FsckInfo fsckFat(Path image) throws IOException, InterruptedException {
        HostTools.require("fsck.fat", "dosfstools");
        Processes.Result r = RedirectedProcesses.check(null, "fsck.fat", "-n", "-v", image.toString());
        String out = r.stdout() + r.stderr();
        String messages = out.replace(image.toString(), "IMAGE"); // the path may contain any word
        // fsck.fat prints each repair it would make; a clean volume gets only the summary
        for (String bad : List.of("Fix?", "Dirty bit", "differ", "Orphan", "invalid", "Correct", "bad", "Deleting",
                "Truncating")) {
            assertTrue(!messages.contains(bad), "fsck.fat found a problem (" + bad + "):\n" + out);
        }
        return new FsckInfo(
                Integer.parseInt(find(out, "(\\d+) bit entries")),
                Long.parseLong(find(out, "(\\d+) data clusters")),
                out);
    }

    static String mdir(Path image, String dir) throws IOException, InterruptedException {
        HostTools.require("mdir", "mtools");
        return RedirectedProcesses.check(null, "mdir", "-i", image.toString(), dir).stdout();
    }

    static String minfo(Path image) throws IOException, InterruptedException {
        HostTools.require("minfo", "mtools");
        return RedirectedProcesses.check(null, "minfo", "-i", image.toString(), "::").stdout();
    }

    static Path mcopyOut(Path image, String file, Path into) throws IOException, InterruptedException {
        HostTools.require("mcopy", "mtools");
        RedirectedProcesses.check(null, "mcopy", "-o", "-n", "-i", image.toString(), file, into.toString());
        return into;
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "expected /" + regex + "/ in:\n" + text);
        return m.group(1).trim();
    }
}
