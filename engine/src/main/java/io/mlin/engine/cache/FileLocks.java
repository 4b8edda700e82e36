package io.mlin.engine.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on lock files, shared correctly by threads and by processes.
 *
 * <p>{@link FileChannel#lock()} only excludes other processes: a second lock on the same file
 * from the same JVM throws {@code OverlappingFileLockException}. So each lock file also has one
 * in-process {@link ReentrantLock}; the thread that holds it takes the OS lock once, and nested
 * acquisitions by the same thread only count. Lock files are never deleted: deleting one while
 * another process waits on it would let two holders lock two different files of the same name.
 */
public final class FileLocks {

    /** A held lock; closing it (once; again does nothing) releases it. Close it in the thread that took it. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static final class Slot {
        final ReentrantLock threads = new ReentrantLock();
        FileChannel channel;
        FileLock osLock;
    }

    private static final ConcurrentHashMap<Path, Slot> SLOTS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /**
     * Blocks until this thread holds the lock on {@code lockFile} (created if missing, with its
     * folder). Interruptible: an interrupt while waiting ends in {@link InterruptedException}.
     */
    public static Held acquire(Path lockFile) throws IOException, InterruptedException {
        Path absolute = lockFile.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        // the real path: one lock file reached by two spellings (a symlinked cache root) is one slot
        Path key = absolute.getParent().toRealPath().resolve(absolute.getFileName());
        Slot slot = SLOTS.computeIfAbsent(key, k -> new Slot());
        slot.threads.lockInterruptibly();
        boolean ok = false;
        try {
            if (slot.threads.getHoldCount() == 1) {
                FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    slot.osLock = channel.lock();
                    slot.channel = channel;
                } catch (IOException e) {
                    channel.close();
                    if (Thread.interrupted()) {
                        // FileChannel reports an interrupt while waiting as ClosedByInterruptException
                        InterruptedException ie = new InterruptedException("interrupted while waiting for " + key);
                        ie.initCause(e);
                        throw ie;
                    }
                    throw e;
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                slot.threads.unlock();
            }
        }
        return new Held() {
            private boolean released;

            @Override
            public void close() throws IOException {
                if (!released) {
                    released = true;
                    release(slot);
                }
            }
        };
    }

    private static void release(Slot slot) throws IOException {
        if (!slot.threads.isHeldByCurrentThread()) {
            throw new IllegalStateException("lock released by a thread that does not hold it");
        }
        try {
            if (slot.threads.getHoldCount() == 1) {
                FileChannel channel = slot.channel;
                slot.channel = null;
                slot.osLock = null;
                // closing the channel releases the OS lock
                channel.close();
            }
        } finally {
            slot.threads.unlock();
        }
    }
}
