package io.mlin.engine.fetch;

import io.mlin.engine.MlinException;
import io.mlin.engine.cache.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP(S) download into a file, hashing while it streams.
 *
 * <p>The body is written by a subscriber on the client's threads while the calling thread waits.
 * That is what makes a download stoppable: in JDK 17 a thread blocked reading an
 * {@code HttpClient} body stream ignores interrupts, but a wait on a future does not. On an
 * interrupt or a stall the subscription is cancelled (closing the connection) and no write
 * happens after {@link #download} returns or throws.
 */
final class HttpDownload {
    /** A status other than 200, after redirects. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final URI finalUri;

        StatusException(int status, URI finalUri) {
            super("HTTP " + status);
            this.status = status;
            this.finalUri = finalUri;
        }
    }

    private HttpDownload() {
    }

    /**
     * Streams {@code url} into {@code file} and returns its sha256. {@code responseTimeout}
     * limits the wait for the response headers; {@code stallTimeout} ends a body that receives
     * nothing for that long.
     *
     * @throws StatusException for a status other than 200
     * @throws IOException when the connection fails or the body stalls
     * @throws InterruptedException when the calling thread is interrupted
     */
    static String download(HttpClient client, URI url, Duration responseTimeout, Duration stallTimeout, Path file,
            DownloadProgress.Factory progressFactory) throws IOException, InterruptedException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CompletableFuture<String> done = new CompletableFuture<>();
            AtomicReference<BodyWriter> writer = new AtomicReference<>();
            HttpResponse.BodyHandler<Void> handler = info -> {
                if (info.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.discarding();
                }
                long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                BodyWriter w = new BodyWriter(out, progressFactory.start(length), done);
                writer.set(w);
                return HttpResponse.BodySubscribers.fromSubscriber(w);
            };
            HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET().build();
            CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, handler);
            response.whenComplete((r, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else if (r.statusCode() != 200) {
                    done.completeExceptionally(new StatusException(r.statusCode(), r.uri()));
                }
            });
            try {
                return await(done, writer, stallTimeout);
            } finally {
                BodyWriter w = writer.get();
                if (w != null) {
                    w.stop(); // after this, nothing writes to the file any more
                }
                response.cancel(true);
            }
        }
    }

    private static String await(CompletableFuture<String> done, AtomicReference<BodyWriter> writer, Duration stallTimeout)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return done.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                BodyWriter w = writer.get();
                if (w != null && System.nanoTime() - w.lastDataNanos > stallTimeout.toNanos()) {
                    throw new IOException("no data received for " + stallTimeout.toSeconds() + " s");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                while (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof MlinException mlin) {
                    throw mlin;
                }
                throw new IOException(cause.toString(), cause);
            }
        }
    }

    /** Writes and hashes the body; stops for good once {@link #stop()} returned. */
    private static final class BodyWriter implements Flow.Subscriber<List<ByteBuffer>> {
        private final FileChannel out;
        private final DownloadProgress progress;
        private final CompletableFuture<String> done;
        private final MessageDigest digest = Sha256.newDigest();
        private Flow.Subscription subscription;
        private boolean stopped;
        volatile long lastDataNanos = System.nanoTime();

        BodyWriter(FileChannel out, DownloadProgress progress, CompletableFuture<String> done) {
            this.out = out;
            this.progress = progress;
            this.done = done;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (stopped) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            if (stopped) {
                return;
            }
            try {
                for (ByteBuffer b : buffers) {
                    int n = b.remaining();
                    digest.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    progress.advance(n);
                }
            } catch (IOException e) {
                stopped = true;
                subscription.cancel();
                done.completeExceptionally(e);
                return;
            }
            lastDataNanos = System.nanoTime();
            subscription.request(1);
        }

        @Override
        public synchronized void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onComplete() {
            progress.finish();
            done.complete(Sha256.hex(digest.digest()));
        }

        synchronized void stop() {
            stopped = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
