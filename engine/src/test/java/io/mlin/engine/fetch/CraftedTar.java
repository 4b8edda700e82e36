package io.mlin.engine.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes hand-made .tar.gz archives, including entries no well-behaved tar would write. */
final class CraftedTar implements AutoCloseable {
    private final TarArchiveOutputStream tar;

    CraftedTar(Path file) throws IOException {
        OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file));
        tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
    }

    CraftedTar dir(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        e.setMode(040755);
        return put(e, null);
    }

    CraftedTar file(String name, String content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(0100644);
        return put(e, content.getBytes(StandardCharsets.UTF_8));
    }

    CraftedTar symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    CraftedTar hardlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    CraftedTar special(String name, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(020644);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return put(e, null);
    }

    private CraftedTar put(TarArchiveEntry e, byte[] content) throws IOException {
        if (content != null) {
            e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
        return this;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
