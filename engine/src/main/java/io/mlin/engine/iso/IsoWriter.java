package io.mlin.engine.iso;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Writes a UEFI-bootable ISO holding one EFI-stub kernel as {@code \EFI\BOOT\BOOTX64.EFI}, in pure
 * Java and deterministically: the same kernel and options give the same bytes.
 *
 * <p>The ISO is an ISO 9660 volume (genisoimage's layout: {@code BOOT.CAT;1}, {@code BOOT.IMG;1})
 * whose El Torito catalog has one EFI no-emulation entry for a FAT12/16 image holding the kernel.
 * The FAT image is written straight into the ISO stream; the kernel is read twice (a CRC-32C pass
 * for the FAT serial number, then the copy) and never held in memory. Output goes to a temporary
 * file renamed into place.
 */
public final class IsoWriter {
    private static final int READ_BUFFER = 1 << 20;

    private IsoWriter() {
    }

    /** Writes {@code output} from {@code kernel}; bad input is an {@link MlinException} naming the file. */
    public static IsoSummary write(Path kernel, Path output, IsoOptions options) throws IOException {
        if (!Files.isRegularFile(kernel)) {
            throw new MlinException(Problem.inFile(kernel, "expected a kernel file (an EFI-stub bzImage), found "
                    + (Files.exists(kernel) ? "something that is not a regular file" : "nothing")));
        }
        if (Files.isDirectory(output)) {
            throw new MlinException(Problem.inFile(output, "expected the path of the ISO file to write, found a folder"));
        }
        if (Files.exists(output) && Files.isSameFile(kernel, output)) {
            throw new MlinException(Problem.inFile(output, "the ISO output would overwrite its own kernel"));
        }
        long kernelBytes = Files.size(kernel);
        FatLayout layout;
        try {
            layout = FatLayout.forKernel(kernelBytes);
        } catch (MlinException e) {
            throw new MlinException(Problem.inFile(kernel, e.getMessage()));
        }
        long kernelCrc = crc32c(kernel);
        Timestamps time = new Timestamps(options.epoch());
        // The serial is a content hash, not the clock or a random number: a new kernel gets a new one
        FatImageWriter fat = new FatImageWriter(layout, (int) kernelCrc, time);
        long imageBytes = layout.imageBytes();
        long volumeSectors = IsoStructures.volumeSectors(imageBytes);
        long isoBytes = volumeSectors * IsoStructures.SECTOR;

        MessageDigest sha256 = sha256();
        AtomicFiles.write(output, target -> {
            IsoStreams.Counting out = new IsoStreams.Counting(new DigestOutputStream(target, sha256));
            writeVolume(out, kernel, options.volumeId(), fat, imageBytes, volumeSectors, time, kernelCrc);
            out.flush();
            if (out.count() != isoBytes) {
                throw new IllegalStateException("wrote " + out.count() + " bytes, the layout says " + isoBytes);
            }
        });
        makeReadable(output);
        return new IsoSummary(isoBytes, imageBytes, layout.fatType(), IsoStructures.elToritoSectorCount(imageBytes),
                HexFormat.of().formatHex(sha256.digest()));
    }

    private static void writeVolume(OutputStream out, Path kernel, String volumeId, FatImageWriter fat,
            long imageBytes, long volumeSectors, Timestamps time, long kernelCrc) throws IOException {
        IsoStreams.writeZeros(out, (long) IsoStructures.PVD_LBA * IsoStructures.SECTOR); // system area
        out.write(IsoStructures.primaryVolumeDescriptor(volumeId, volumeSectors, time));
        out.write(IsoStructures.bootRecord());
        out.write(IsoStructures.terminator());
        IsoStreams.writeZeros(out, IsoStructures.SECTOR);
        out.write(IsoStructures.pathTable(false));
        IsoStreams.writeZeros(out, IsoStructures.SECTOR);
        out.write(IsoStructures.pathTable(true));
        IsoStreams.writeZeros(out, IsoStructures.SECTOR);
        out.write(IsoStructures.rootDirectory(imageBytes, time));
        out.write(IsoStructures.bootCatalog(imageBytes));
        long copiedCrc;
        try (InputStream in = Files.newInputStream(kernel)) {
            copiedCrc = fat.write(out, in, kernel);
        }
        if (copiedCrc != kernelCrc) {
            throw new MlinException(Problem.inFile(kernel, "the file changed while the ISO was written"));
        }
        IsoStreams.writeZeros(out, FatLayout.roundUp(imageBytes, IsoStructures.SECTOR) - imageBytes);
        IsoStreams.writeZeros(out, (long) IsoStructures.PADDING_SECTORS * IsoStructures.SECTOR);
    }

    /**
     * The temporary file AtomicFiles renames into place is created owner-only (0600); an ISO is a
     * deliverable that others (a web server, a hypervisor's user) read, so give it the usual 0644.
     */
    private static void makeReadable(Path output) throws IOException {
        if (Files.getFileStore(output).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** CRC-32C of a file, streamed: fast (hardware-assisted), and enough to make the FAT serial follow the content. */
    static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
