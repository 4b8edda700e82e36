package io.mlin.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondThreadWaitsEvenWhenItNamesTheFileThroughASymlink() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), real);
        AtomicBoolean secondHolds = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch released = new CountDownLatch(1);
        Thread second;
        try (FileLocks.Held held = FileLocks.acquire(real.resolve("x.lock"))) {
            second = new Thread(() -> {
                try (FileLocks.Held h = FileLocks.acquire(alias.resolve("x.lock"))) {
                    secondHolds.set(true);
                } catch (Throwable t) {
                    failure.set(t);
                }
                released.countDown();
            });
            second.start();
            Thread.sleep(300);
            assertFalse(secondHolds.get(), "the second thread waits while the first holds the lock");
        }
        assertTrue(released.await(10, TimeUnit.SECONDS));
        assertEquals(null, failure.get());
        assertTrue(secondHolds.get());
    }

    @Test
    void aWaitingThreadCanBeInterrupted() throws Exception {
        Path lock = tmp.resolve("y.lock");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try (FileLocks.Held held = FileLocks.acquire(lock)) {
            Thread waiter = new Thread(() -> {
                try (FileLocks.Held h = FileLocks.acquire(lock)) {
                    outcome.set(new AssertionError("got the lock"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            Thread.sleep(200);
            waiter.interrupt();
            waiter.join(10_000);
            assertFalse(waiter.isAlive());
        }
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        // and the lock is usable afterwards
        try (FileLocks.Held again = FileLocks.acquire(lock)) {
            assertTrue(Files.exists(lock));
        }
    }
}
