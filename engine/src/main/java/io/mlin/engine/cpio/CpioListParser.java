package io.mlin.engine.cpio;

import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a gen_init_cpio list (the kernel's {@code usr/gen_init_cpio} syntax, as MLin's copy of
 * the tool reads it) into {@link CpioLine}s, collecting every problem instead of stopping at the
 * first.
 *
 * <p>It follows the tool's quirks where they are harmless: a comment needs {@code #} as the
 * line's first byte; blank lines and lines that are a single word are skipped; numbers are read
 * like {@code sscanf} (octal modes that may carry type bits, trailing words ignored except on
 * {@code file} lines, where they are hard links); {@code ${VAR}} is expanded in file locations
 * only. It rejects what the tool would turn into a broken archive or an endless loop: unknown
 * types (also a type after leading blanks), negative or oversized uid/gid, names that climb out
 * of the archive root with {@code ..}, a self-referencing variable, over-long tokens and lines,
 * and text that is not UTF-8.
 */
public final class CpioListParser {
    /** gen_init_cpio reads names, locations and targets with {@code %4096s}. */
    public static final int MAX_TOKEN_BYTES = 4096;
    /**
     * The longest line (without its newline) gen_init_cpio reads whole: its fgets buffer holds
     * 2*4096+50 bytes with the NUL; a longer line is split and its rest read as a new line.
     */
    public static final int MAX_LINE_BYTES = 2 * 4096 + 50 - 1;
    /** Expansions of one location before we call it endless (the tool loops forever). */
    static final int MAX_EXPANSIONS = 4096;

    private CpioListParser() {
    }

    /**
     * Reads and parses one list.
     *
     * @param environment what {@code ${NAME}} expands to in file locations (unset names expand to "")
     * @throws IOException when the list file cannot be read
     */
    public static ParsedList parse(CpioList list, Map<String, String> environment) throws IOException {
        byte[] bytes = Files.readAllBytes(list.file());
        List<CpioLine> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = lineEnd(bytes, start);
            lineNumber++;
            try {
                CpioLine line = parseLine(list, lineNumber, bytes, start, end, environment);
                if (line != null) {
                    lines.add(line);
                }
            } catch (LineProblem e) {
                problems.add(Problem.at(list.file(), lineNumber, e.getMessage()));
            }
            start = end + 1;
        }
        return new ParsedList(list, lines, problems);
    }

    /** One line's entry, or null for a comment, a blank line or a lone word. */
    private static CpioLine parseLine(CpioList list, int lineNumber, byte[] bytes, int start, int end,
            Map<String, String> environment) throws LineProblem {
        if (end > start && bytes[start] == '#') {
            return null;
        }
        if (end - start > MAX_LINE_BYTES) {
            throw new LineProblem("the line is " + (end - start) + " bytes long; gen_init_cpio reads at most "
                    + MAX_LINE_BYTES + " per line");
        }
        int nul = indexOf(bytes, start, end, (byte) 0);
        if (nul >= 0) {
            throw new LineProblem("the line holds a NUL byte at column " + (nul - start + 1));
        }
        String text = decodeUtf8(bytes, start, end);
        if (isBlank(text)) {
            return null;
        }
        if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
            throw new LineProblem("expected the type (file, dir, nod, slink, pipe or sock) as the first thing on the"
                    + " line, found leading blanks (a '#' comment must also start in the first column)");
        }
        int typeEnd = 0;
        while (typeEnd < text.length() && text.charAt(typeEnd) != ' ' && text.charAt(typeEnd) != '\t') {
            typeEnd++;
        }
        if (typeEnd == text.length()) {
            // gen_init_cpio skips a line that is one word, whatever the word is
            return null;
        }
        String word = text.substring(0, typeEnd);
        CpioType type = CpioType.forKeyword(word);
        if (type == null) {
            throw new LineProblem("unknown type '" + word + "': expected file, dir, nod, slink, pipe or sock");
        }
        ArgScanner args = new ArgScanner(text.substring(typeEnd + 1));
        try {
            return switch (type) {
                case FILE -> fileLine(list, lineNumber, args, environment);
                case DIR, PIPE, SOCK -> genericLine(list, lineNumber, type, args);
                case NOD -> nodLine(list, lineNumber, args);
                case SLINK -> slinkLine(list, lineNumber, args);
            };
        } catch (LineProblem e) {
            throw new LineProblem("expected '" + type.syntax() + "': " + e.getMessage());
        }
    }

    private static CpioLine fileLine(CpioList list, int lineNumber, ArgScanner args, Map<String, String> environment)
            throws LineProblem {
        String name = name(args, "<name>");
        String written = token(args, "<location>");
        long mode = mode(args);
        int uid = id(args, "<uid>");
        int gid = id(args, "<gid>");
        List<String> links = new ArrayList<>();
        args.skipSpace();
        // like the tool: further words are hard links while the next character is printable ASCII
        while (!args.atEnd() && ArgScanner.isGraph(args.peek())) {
            links.add(name(args, "<hard link>"));
            args.skipSpace();
        }
        String location = expand(written, environment);
        if (utf8Length(location) > MAX_TOKEN_BYTES) {
            throw new LineProblem("<location> '" + written + "' is longer than " + MAX_TOKEN_BYTES
                    + " bytes after ${} expansion");
        }
        Path source;
        try {
            source = location.startsWith("/") ? Path.of(location) : list.baseDir().resolve(location);
        } catch (InvalidPathException e) {
            throw new LineProblem("<location> '" + location + "' is not a usable path here: " + e.getReason());
        }
        return new CpioLine(list, lineNumber, CpioType.FILE, name, mode, uid, gid, location, written, source, links,
                null, (char) 0, 0, 0);
    }

    private static CpioLine genericLine(CpioList list, int lineNumber, CpioType type, ArgScanner args)
            throws LineProblem {
        String name = name(args, "<name>");
        long mode = mode(args);
        int uid = id(args, "<uid>");
        int gid = id(args, "<gid>");
        return new CpioLine(list, lineNumber, type, name, mode, uid, gid, null, null, null, List.of(), null, (char) 0, 0, 0);
    }

    private static CpioLine nodLine(CpioList list, int lineNumber, ArgScanner args) throws LineProblem {
        String name = name(args, "<name>");
        long mode = mode(args);
        int uid = id(args, "<uid>");
        int gid = id(args, "<gid>");
        int deviceType = args.character();
        if (deviceType < 0) {
            throw new LineProblem("missing the device type <b|c>");
        }
        if (deviceType >= 0x80) {
            // gen_init_cpio reads one byte here, so a multi-byte character would shift the numbers
            throw new LineProblem("the device type must be b (block) or c (character), found '" + (char) deviceType + "'");
        }
        long major = deviceNumber(args, "<major>");
        long minor = deviceNumber(args, "<minor>");
        return new CpioLine(list, lineNumber, CpioType.NOD, name, mode, uid, gid, null, null, null, List.of(), null,
                (char) deviceType, major, minor);
    }

    private static CpioLine slinkLine(CpioList list, int lineNumber, ArgScanner args) throws LineProblem {
        String name = name(args, "<name>");
        String target = token(args, "<target>");
        long mode = mode(args);
        int uid = id(args, "<uid>");
        int gid = id(args, "<gid>");
        return new CpioLine(list, lineNumber, CpioType.SLINK, name, mode, uid, gid, null, null, null, List.of(), target,
                (char) 0, 0, 0);
    }

    /** A token that becomes an archive name: it must not climb out of the archive root. */
    private static String name(ArgScanner args, String field) throws LineProblem {
        String name = token(args, field);
        int depth = 0;
        for (String part : CpioLine.archiveName(name).split("/", -1)) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    throw new LineProblem(field + " '" + name + "' leaves the archive root through '..'");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return name;
    }

    private static String token(ArgScanner args, String field) throws LineProblem {
        String token = args.token();
        if (token == null) {
            throw new LineProblem("missing " + field);
        }
        if (utf8Length(token) > MAX_TOKEN_BYTES) {
            throw new LineProblem(field + " is longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        return token;
    }

    private static long mode(ArgScanner args) throws LineProblem {
        long mode = args.unsigned(8);
        if (mode < 0) {
            throw new LineProblem("<mode> must be an octal number, found " + describeNext(args));
        }
        return mode;
    }

    private static int id(ArgScanner args, String field) throws LineProblem {
        Long value = args.signed();
        if (value == null) {
            throw new LineProblem(field + " must be a decimal number, found " + describeNext(args));
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new LineProblem(field + " must be from 0 to " + Integer.MAX_VALUE + ", found " + value);
        }
        return value.intValue();
    }

    private static long deviceNumber(ArgScanner args, String field) throws LineProblem {
        long value = args.unsigned(10);
        if (value < 0) {
            throw new LineProblem(field + " must be a decimal number, found " + describeNext(args));
        }
        return value;
    }

    private static String describeNext(ArgScanner args) {
        String next = args.token();
        return next == null ? "the end of the line" : "'" + next + "'";
    }

    /**
     * gen_init_cpio's {@code ${NAME}} loop: replace the first {@code ${...}} that has a closing
     * brace, then start again from the beginning, so values are expanded again.
     */
    static String expand(String location, Map<String, String> environment) throws LineProblem {
        String result = location;
        for (int expansions = 0;; expansions++) {
            int open = result.indexOf("${");
            if (open < 0) {
                return result;
            }
            int close = result.indexOf('}', open + 2);
            if (close < 0) {
                return result;
            }
            String variable = result.substring(open + 2, close);
            if (expansions == MAX_EXPANSIONS) {
                throw new LineProblem("<location> '" + location + "' does not finish expanding after "
                        + MAX_EXPANSIONS + " ${} substitutions (does ${" + variable + "} refer to itself?)");
            }
            result = result.substring(0, open) + environment.getOrDefault(variable, "") + result.substring(close + 1);
            if (utf8Length(result) > MAX_TOKEN_BYTES) {
                throw new LineProblem("<location> '" + location + "' is longer than " + MAX_TOKEN_BYTES
                        + " bytes after ${} expansion");
            }
        }
    }

    // The byte loops below are small methods of their own so that the JIT compiles them alone
    // (a loop inside a big method makes it compile the whole method on the spot, which is costly).

    private static int lineEnd(byte[] bytes, int from) {
        int end = indexOf(bytes, from, bytes.length, (byte) '\n');
        return end < 0 ? bytes.length : end;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!ArgScanner.isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUtf8(byte[] bytes, int start, int end) throws LineProblem {
        if (isAscii(bytes, start, end)) {
            return new String(bytes, start, end - start, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LineProblem("the line is not valid UTF-8");
        }
    }

    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** A line's problem; the message says what was expected. */
    static final class LineProblem extends Exception {
        private static final long serialVersionUID = 1L;

        LineProblem(String message) {
            super(message, null, false, false);
        }
    }
}
