package io.mlin.engine.vars;

import io.mlin.engine.Problem;
import io.mlin.engine.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies one file replacing each {@code <NAME>} tag by its value, the way MLin's substvar.sh does,
 * streamed and byte-based.
 *
 * <p>Rules (see docs/tree.md):
 * <ul>
 *   <li>Tags are ASCII ({@code <[A-Z][_A-Z0-9]*>}) and are found in the raw bytes, so UTF-8, Latin-1
 *       or any other ASCII-compatible text passes through unchanged around them.</li>
 *   <li>A text file ends with exactly one newline afterwards: substvar.sh writes
 *       {@code echo "$(cat file)"}, which drops all trailing newlines and adds one. We do the same so
 *       images stay byte-identical with MLin's.</li>
 *   <li>A file holding a NUL byte is binary and is copied byte for byte without substitution
 *       (bash would silently drop its NUL bytes and corrupt it).</li>
 *   <li>A value is inserted as is and never searched for tags again.</li>
 *   <li>Every tag without a value is a problem {@code file:line: undefined variable: NAME}; then
 *       nothing is written.</li>
 * </ul>
 */
public final class TagSubstitution {
    private static final int BUFFER = 1 << 16;

    private TagSubstitution() {
    }

    /** What became of one file. */
    public enum Outcome {
        /** Tags (if any) replaced, trailing newlines normalised. */
        SUBSTITUTED,
        /** A binary file, copied unchanged. */
        COPIED_BINARY,
        /** Undefined variables: problems added, nothing written. */
        FAILED
    }

    /**
     * Substitutes {@code source} into {@code target} (written atomically).
     *
     * @param problems receives one problem per undefined variable name, at its first line
     */
    public static Outcome copy(Path source, Path target, Variables vars, List<Problem> problems) throws IOException {
        Scan scan = scan(source, vars);
        if (scan.binary) {
            AtomicFiles.write(target, out -> Files.copy(source, out));
            return Outcome.COPIED_BINARY;
        }
        if (!scan.undefined.isEmpty()) {
            scan.undefined.forEach((name, line) -> problems.add(Problem.at(source, line, "undefined variable: " + name)));
            return Outcome.FAILED;
        }
        AtomicFiles.write(target, out -> substitute(source, vars, out));
        return Outcome.SUBSTITUTED;
    }

    private static final class Scan {
        boolean binary;
        final Map<String, Integer> undefined = new LinkedHashMap<>();
    }

    /** First pass: is the file binary, and which tags have no value (first line of each). */
    private static Scan scan(Path source, Variables vars) throws IOException {
        Scan scan = new Scan();
        try (InputStream in = Files.newInputStream(source)) {
            new Tokenizer(in) {
                @Override
                void literal(byte[] b, int off, int len) {
                    for (int i = off; i < off + len; i++) {
                        if (b[i] == 0) {
                            scan.binary = true;
                            return;
                        }
                    }
                }

                @Override
                void tag(String name, int line) {
                    if (!vars.isDefined(name)) {
                        scan.undefined.putIfAbsent(name, line);
                    }
                }
            }.run();
        }
        return scan;
    }

    /** Second pass: the substituted text, ending in exactly one newline. */
    private static void substitute(Path source, Variables vars, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            new Tokenizer(in) {
                /** Newlines not written yet: dropped if nothing follows them, written once text does. */
                private long pendingNewlines;

                @Override
                void literal(byte[] b, int off, int len) throws IOException {
                    int last = off + len - 1;
                    while (last >= off && b[last] == '\n') {
                        last--;
                    }
                    if (last >= off) {
                        flushNewlines();
                        out.write(b, off, last - off + 1);
                    }
                    pendingNewlines += off + len - 1 - last;
                }

                @Override
                void tag(String name, int line) throws IOException {
                    flushNewlines();
                    out.write(vars.valueBytes(name));
                }

                private void flushNewlines() throws IOException {
                    for (; pendingNewlines > 0; pendingNewlines--) {
                        out.write('\n');
                    }
                }
            }.run();
            out.write('\n');
        }
    }

    /**
     * Splits a byte stream into literal runs and tags. A {@code <} starts a candidate; it is a tag
     * if an upper-case letter, then upper-case letters, digits or underscores, then {@code >}
     * follow. Otherwise its bytes are literal and scanning resumes at the byte that broke it (which
     * may start a new candidate), which gives the same matches as substvar.sh's
     * {@code grep --only-matching}. A candidate is held in memory only while it could still be a
     * tag, i.e. while it is a run of name characters; literal bytes are handed on in runs.
     */
    private abstract static class Tokenizer {
        private final InputStream in;
        private final ByteArrayOutputStream candidate = new ByteArrayOutputStream();
        private int line = 1;

        Tokenizer(InputStream in) {
            this.in = in;
        }

        abstract void literal(byte[] b, int off, int len) throws IOException;

        abstract void tag(String name, int line) throws IOException;

        final void run() throws IOException {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int runStart = 0;
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    if (candidate.size() > 0) {
                        boolean first = candidate.size() == 1;
                        if (b >= 'A' && b <= 'Z' || !first && (b >= '0' && b <= '9' || b == '_')) {
                            candidate.write(b);
                            runStart = i + 1;
                            continue;
                        }
                        if (b == '>' && !first) {
                            String name = new String(candidate.toByteArray(), 1, candidate.size() - 1, StandardCharsets.US_ASCII);
                            candidate.reset();
                            tag(name, line);
                            runStart = i + 1;
                            continue;
                        }
                        flushCandidate();
                        runStart = i;
                    }
                    if (b == '<') {
                        if (i > runStart) {
                            literal(buffer, runStart, i - runStart);
                        }
                        candidate.write(b);
                        runStart = i + 1;
                    } else if (b == '\n') {
                        line++;
                    }
                }
                if (candidate.size() == 0 && n > runStart) {
                    literal(buffer, runStart, n - runStart);
                }
            }
            flushCandidate();
        }

        private void flushCandidate() throws IOException {
            if (candidate.size() > 0) {
                byte[] raw = candidate.toByteArray();
                candidate.reset();
                literal(raw, 0, raw.length);
            }
        }
    }
}
