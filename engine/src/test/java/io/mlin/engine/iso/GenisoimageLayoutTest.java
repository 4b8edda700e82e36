package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.RedirectedProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our ISO and the one MLin's makeiso.sh steps make with the real mtools and genisoimage agree in
 * structure: the same descriptors at the same LBAs, the same path tables, directory records and
 * boot catalog, the same names in the FAT. Dates, ids and the FAT serial differ by design.
 */
class GenisoimageLayoutTest {

    /** One size whose boot image (kernel + 1 MiB) is a whole number of ISO sectors, one that is not. */
    @ParameterizedTest(name = "kernel of {0} bytes")
    @ValueSource(longs = {2 * 1024 * 1024, 300_001})
    void ourLayoutMatchesMakeisoSh(long kernelBytes) throws Exception {
        for (String[] tool : new String[][] {{"mformat", "mtools"}, {"mmd", "mtools"}, {"mcopy", "mtools"},
                {"truncate", "coreutils"}, {"genisoimage", "genisoimage"}}) {
            HostTools.require(tool[0], tool[1]);
        }
        Path kernel = TestKernels.kernel(kernelBytes, 42);
        Path dir = TestKernels.workDir("genisoimage-" + kernelBytes);
        Path theirs = makeisoSh(kernel, dir);
        Path ours = dir.resolve("ours.iso");
        IsoWriter.write(kernel, ours, new IsoOptions("CDROM", 0));

        IsoStructureReader.Structure a = IsoStructureReader.read(theirs);
        IsoStructureReader.Structure b = IsoStructureReader.read(ours);
        long theirImageBytes = kernelBytes + 1024 * 1024;

        assertTrue(a.systemAreaZero() && b.systemAreaZero(), "system area must be zero");
        assertEquals(List.of(1, 0, 255), a.descriptorTypesFrom16(), "genisoimage: PVD, boot record, terminator");
        assertEquals(a.descriptorTypesFrom16(), b.descriptorTypesFrom16());
        assertEquals(a.volumeSectors(), b.volumeSectors(), "volume space size (incl. the 150-sector pad)");
        assertEquals(a.blockSize(), b.blockSize());
        assertEquals(a.pathTableSize(), b.pathTableSize());
        assertEquals(a.lPathLba(), b.lPathLba());
        assertEquals(a.mPathLba(), b.mPathLba());
        assertArrayEquals(a.lPathTable(), b.lPathTable());
        assertArrayEquals(a.mPathTable(), b.mPathTable());
        assertEquals(a.rootInPvd(), b.rootInPvd());
        assertEquals(a.catalogLba(), b.catalogLba());
        assertEquals("EL TORITO SPECIFICATION", b.bootSystemId());
        assertEquals(a.bootSystemId(), b.bootSystemId());
        assertArrayEquals(a.catalogEntries(), b.catalogEntries(), "validation and default entries, byte for byte");
        assertTrue(a.catalogTailZero() && b.catalogTailZero());

        assertEquals(4, a.root().size());
        for (int i = 0; i < 4; i++) {
            IsoStructureReader.DirRecord x = a.root().get(i);
            IsoStructureReader.DirRecord y = b.root().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.extent(), y.extent(), x.name());
            assertEquals(x.flags(), y.flags(), x.name());
            if (!x.name().equals("BOOT.IMG;1")) {
                assertEquals(x.size(), y.size(), x.name());
            }
        }
        // makeiso.sh's image is exactly kernel + 1 MiB; ours is that rounded up to a whole ISO sector
        assertEquals(theirImageBytes, a.root().get(3).size());
        assertEquals((theirImageBytes + 2047) / 2048 * 2048, b.root().get(3).size());

        Path theirImg = IsoVerifiers.extractBootImage(theirs, dir.resolve("their.img"));
        Path ourImg = IsoVerifiers.extractBootImage(ours, dir.resolve("our.img"));
        for (String folder : List.of("::/", "::/EFI", "::/EFI/BOOT")) {
            assertEquals(IsoWriterVerifierTest.entryNames(IsoVerifiers.mdir(theirImg, folder)),
                    IsoWriterVerifierTest.entryNames(IsoVerifiers.mdir(ourImg, folder)), folder);
        }
        assertTrue(IsoVerifiers.mdir(ourImg, "::/").contains("Volume in drive : is EFI"));
        assertTrue(IsoVerifiers.mdir(theirImg, "::/").contains("Volume in drive : is EFI"));
    }

    /** MLin's makeiso.sh, step by step, with the real tools. */
    private static Path makeisoSh(Path kernel, Path dir) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        String img = staging.resolve("boot.img").toString();
        RedirectedProcesses.check(dir, "truncate", "-s", Long.toString(Files.size(kernel) + 1048576), img);
        RedirectedProcesses.check(dir, "mformat", "-i", img, "-v", "EFI", "::");
        RedirectedProcesses.check(dir, "mmd", "-i", img, "::/EFI");
        RedirectedProcesses.check(dir, "mmd", "-i", img, "::/EFI/BOOT");
        RedirectedProcesses.check(dir, "mcopy", "-i", img, kernel.toString(), "::/EFI/BOOT/BOOTX64.EFI");
        Path iso = dir.resolve("theirs.iso");
        RedirectedProcesses.check(dir, "genisoimage", "-quiet", "-efi-boot", "boot.img", "-no-emul-boot",
                "-input-charset", "utf-8", "-o", iso.toString(), staging.toString());
        return iso;
    }
}
