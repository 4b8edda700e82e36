package io.mlin.engine.fetch;

import io.mlin.engine.MlinException;
import io.mlin.engine.cache.CacheLocation;
import io.mlin.engine.util.Log;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mlin fetch}: gets one package source into the shared cache, optionally extracts it. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Downloads a package's source tarball into the shared download cache, verified against its sha256,"
                    + " and prints the cached file's path (and the extracted folder with --extract-to)."
        })
public final class FetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "Package name (used in messages and overrides).")
    private String packageName;

    @Parameters(index = "1", paramLabel = "URL", description = "http:, https: or file: URL of the tarball.")
    private String url;

    @Parameters(index = "2", paramLabel = "SHA256", description = "Expected sha256 of the tarball (64 hex digits).")
    private String sha256;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Cache folder (default: $MLIN_CACHE, else $XDG_CACHE_HOME/mlin, else ~/.cache/mlin).")
    private Path cache;

    @Option(names = "--mirror", paramLabel = "PREFIX=REPLACEMENT",
            description = "Fetch URLs starting with PREFIX from REPLACEMENT instead (repeatable; longest prefix wins).")
    private List<String> mirrors = new ArrayList<>();

    @Option(names = "--override", paramLabel = "PACKAGE=PATH",
            description = "Use a local tarball or folder instead of the package's download (repeatable).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--extract-to", paramLabel = "DIR",
            description = "Also extract the tarball under DIR and print its top folder.")
    private Path extractTo;

    @Override
    public Integer call() throws Exception {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new MlinException("package " + packageName + ": not a URL: " + url + " (" + e.getReason() + ")");
        }
        Mirrors mirrorMap;
        Overrides overrideMap;
        SourceRequest request;
        try {
            mirrorMap = Mirrors.parse(mirrors);
            overrideMap = Overrides.parse(overrides);
            request = new SourceRequest(packageName, uri, sha256);
        } catch (IllegalArgumentException e) {
            throw new MlinException(e.getMessage());
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        Log log = Log.to(err);
        Path root = cache != null ? cache : CacheLocation.defaultRoot();
        FetchedSource source = new SourceFetcher(root, mirrorMap, overrideMap, log).fetch(request);
        spec.commandLine().getOut().println(source.file());
        if (extractTo != null) {
            Path top = java.nio.file.Files.isDirectory(source.file())
                    ? source.file()
                    : Extractor.extract(source.file(), extractTo);
            spec.commandLine().getOut().println(top);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
