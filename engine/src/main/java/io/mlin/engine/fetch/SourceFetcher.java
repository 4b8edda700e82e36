package io.mlin.engine.fetch;

import io.mlin.engine.MlinException;
import io.mlin.engine.cache.FileLocks;
import io.mlin.engine.cache.FileTrees;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.cache.TreeDigest;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;

/**
 * Gets a package's source tarball, verified against the recipe's sha256, through a
 * content-addressed download cache shared by every build on the machine.
 *
 * <p>Layout under the cache root:
 * <pre>
 * sources/sha256/&lt;digest&gt;/&lt;file name&gt;   a verified tarball (the folder's name is its digest)
 * sources/sha256/.&lt;digest&gt;.partial/          a download in progress (or the leftover of a killed one)
 * locks/source-&lt;digest&gt;.lock                  one lock per digest
 * </pre>
 * The file keeps its URL's name because extraction needs it ({@code foo-1.2.tar.xz} gives
 * {@code foo-1.2}, the compression comes from the extension). An entry appears by renaming the
 * partial folder after the digest matched, so no one ever sees a half or unverified file; every
 * use re-reads and re-checks the digest (a damaged entry is downloaded again). Fetches of one
 * digest hold its lock, so concurrent builds download it once.
 *
 * <p>Thread-safe: parallel builds may share one instance (or each use their own).
 */
public final class SourceFetcher {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Until the response headers arrive; the body may then take as long as it needs. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);
    /** A body that receives nothing for this long is given up. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

    private final Path sources;
    private final Path locks;
    private final Mirrors mirrors;
    private final Overrides overrides;
    private final Log log;
    private HttpClient http;

    public SourceFetcher(Path cacheRoot, Mirrors mirrors, Overrides overrides, Log log) {
        this.sources = cacheRoot.toAbsolutePath().resolve("sources").resolve("sha256");
        this.locks = cacheRoot.toAbsolutePath().resolve("locks");
        this.mirrors = mirrors;
        this.overrides = overrides;
        this.log = log;
    }

    /**
     * The verified source of {@code request}: from the cache, else downloaded (through a mirror
     * when one matches), or the package's local override.
     *
     * @throws MlinException for a wrong digest, an HTTP error, an unreachable server, a missing
     *     file or override; each names the package and the URL or path
     * @throws InterruptedException when the thread is interrupted; nothing partial is left
     */
    public FetchedSource fetch(SourceRequest request) throws IOException, InterruptedException {
        String pkg = request.packageName();
        var override = overrides.forPackage(pkg);
        if (override.isPresent()) {
            return overridden(request, override.get());
        }
        String fileName = fileName(request);
        Path entry = sources.resolve(request.sha256());
        try (FileLocks.Held held = FileLocks.acquire(locks.resolve("source-" + request.sha256() + ".lock"))) {
            Path cached = fromCache(request, entry, fileName);
            if (cached != null) {
                log.info("package " + pkg + ": using cached " + fileName + " (sha256 verified)");
                return new FetchedSource(pkg, cached, request.sha256(), request.url(), false);
            }
            URI used = mirrors.rewrite(request.url());
            Path partial = sources.resolve("." + request.sha256() + ".partial");
            FileTrees.deleteRecursively(partial);
            Files.createDirectories(partial);
            boolean done = false;
            try {
                Path file = partial.resolve(fileName);
                String actual = download(pkg, used, request.url(), file);
                if (!actual.equals(request.sha256())) {
                    throw new MlinException("package " + pkg + ": sha256 mismatch for " + describe(used, request.url())
                            + ": expected " + request.sha256() + ", got " + actual);
                }
                Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            } finally {
                if (!done) {
                    FileTrees.deleteRecursively(partial);
                }
            }
            return new FetchedSource(pkg, entry.resolve(fileName), request.sha256(), used, false);
        }
    }

    /** A verified cached file under {@code fileName}, or null (a damaged entry is removed). */
    private Path fromCache(SourceRequest request, Path entry, String fileName) throws IOException {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path file = entry.resolve(fileName);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // same bytes under another name (another URL, a renamed release): add this name
            Path other = anyRegularFile(entry);
            if (other == null) {
                FileTrees.deleteRecursively(entry);
                return null;
            }
            try {
                Files.createLink(file, other);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(other, file);
            }
        }
        String actual = Sha256.ofFile(file);
        if (!actual.equals(request.sha256())) {
            log.warn("package " + request.packageName() + ": cached " + file + " is damaged (sha256 " + actual
                    + "); downloading it again");
            FileTrees.deleteRecursively(entry);
            return null;
        }
        return file;
    }

    private static Path anyRegularFile(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Streams {@code url} into {@code file} and returns the sha256 of what was written. */
    private String download(String pkg, URI url, URI recipeUrl, Path file) throws IOException, InterruptedException {
        String label = "package " + pkg + ": " + url;
        log.info("package " + pkg + ": downloading " + describe(url, recipeUrl));
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        try {
            switch (scheme) {
                case "file": {
                    Path local = Path.of(url);
                    try (InputStream in = Files.newInputStream(local)) {
                        // file channels stop with ClosedByInterruptException when the thread is interrupted
                        return copy(in, file, new DownloadProgress(log, label, Files.size(local)));
                    }
                }
                case "http":
                case "https":
                    return HttpDownload.download(httpClient(), url, RESPONSE_TIMEOUT, STALL_TIMEOUT, file,
                            length -> new DownloadProgress(log, label, length));
                default:
                    throw new MlinException("package " + pkg + ": cannot fetch " + url
                            + ": only http:, https: and file: URLs are supported");
            }
        } catch (InterruptedException | MlinException e) {
            throw e;
        } catch (HttpDownload.StatusException e) {
            throw new MlinException("package " + pkg + ": HTTP " + e.status + " for " + describe(url, recipeUrl)
                    + (e.finalUri == null || e.finalUri.equals(url) ? "" : " (redirected to " + e.finalUri + ")"));
        } catch (IOException | IllegalArgumentException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException
                    || e instanceof InterruptedIOException || e.getCause() instanceof InterruptedException) {
                InterruptedException ie = new InterruptedException("package " + pkg + ": download of " + url + " interrupted");
                ie.initCause(e);
                throw ie;
            }
            String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
            throw new MlinException("package " + pkg + ": cannot download " + describe(url, recipeUrl) + ": " + why, e);
        }
    }

    private static String copy(InputStream in, Path file, DownloadProgress progress) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                progress.advance(n);
            }
        }
        progress.finish();
        return Sha256.hex(digest.digest());
    }

    private FetchedSource overridden(SourceRequest request, Path path) throws IOException {
        String pkg = request.packageName();
        Path local = path.toAbsolutePath().normalize();
        if (Files.isDirectory(local)) {
            String treeDigest = TreeDigest.of(local);
            log.warn("package " + pkg + ": source OVERRIDDEN by local folder " + local
                    + " (used as it is; the recipe's " + request.url() + " is not fetched)");
            return new FetchedSource(pkg, local, treeDigest, local.toUri(), true);
        }
        if (Files.isRegularFile(local)) {
            String actual = Sha256.ofFile(local);
            log.warn("package " + pkg + ": source OVERRIDDEN by local tarball " + local + " (sha256 " + actual
                    + (actual.equals(request.sha256()) ? ", same as the recipe's" : "; the recipe expects " + request.sha256())
                    + ")");
            return new FetchedSource(pkg, local, actual, local.toUri(), true);
        }
        throw new MlinException("package " + pkg + ": override " + local + " does not exist");
    }

    /** The tarball's name: the last segment of the recipe URL's path. */
    private static String fileName(SourceRequest request) {
        String path = request.url().getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new MlinException("package " + request.packageName() + ": the URL " + request.url()
                    + " names no file (its path must end with the tarball's name)");
        }
        return name;
    }

    private static String describe(URI used, URI recipeUrl) {
        return used.equals(recipeUrl) ? used.toString() : used + " (mirror of " + recipeUrl + ")";
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build();
        }
        return http;
    }
}
