package io.mlin.engine.cpio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry line of a gen_init_cpio list, parsed and checked for syntax.
 *
 * <p>Names are kept as written (one leading {@code /} is removed only when the archive is written,
 * see {@link #archiveName(String)}). Fields that do not apply to the line's type are null, empty or
 * 0, as documented per field.
 *
 * @param list the list the line comes from
 * @param lineNumber 1-based, counted per list file
 * @param type the entry type
 * @param name the entry's name as written
 * @param mode the octal mode as written (it may hold type bits; they are OR'd, never masked)
 * @param uid the owner, 0 to 2^31-1
 * @param gid the group, 0 to 2^31-1
 * @param location {@code file}: the source location after {@code ${VAR}} expansion; else null
 * @param writtenLocation {@code file}: the source location as written in the list, before expansion; else null
 * @param source {@code file}: the location resolved against the list's base folder; else null
 * @param links {@code file}: the further names (hard links) after the mandatory fields; else empty
 * @param target {@code slink}: the link target; else null
 * @param deviceType {@code nod}: the device type character ({@code b} is a block device, anything
 *     else a character device); else 0
 * @param major {@code nod}: the device major number (unsigned 32-bit); else 0
 * @param minor {@code nod}: the device minor number (unsigned 32-bit); else 0
 */
public record CpioLine(
        CpioList list,
        int lineNumber,
        CpioType type,
        String name,
        long mode,
        int uid,
        int gid,
        String location,
        String writtenLocation,
        Path source,
        List<String> links,
        String target,
        char deviceType,
        long major,
        long minor) {

    /** S_IFMT bits of the header mode, per type (nod depends on the device type character). */
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFIFO = 0010000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFBLK = 0060000;
    static final int S_IFCHR = 0020000;

    public CpioLine {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        links = List.copyOf(links);
    }

    /** Every name this line puts into the archive, as written: the name, then its hard links. */
    public List<String> names() {
        if (links.isEmpty()) {
            return List.of(name);
        }
        List<String> all = new ArrayList<>(1 + links.size());
        all.add(name);
        all.addAll(links);
        return all;
    }

    /** The mode field of the header: the written mode OR'd with the type's S_IFMT bits. */
    public long headerMode() {
        int typeBits = switch (type) {
            case FILE -> S_IFREG;
            case DIR -> S_IFDIR;
            case PIPE -> S_IFIFO;
            case SOCK -> S_IFSOCK;
            case SLINK -> S_IFLNK;
            case NOD -> deviceType == 'b' ? S_IFBLK : S_IFCHR;
        };
        return mode | typeBits;
    }

    /** The name as stored in the archive: exactly one leading {@code /} removed, nothing else changed. */
    public static String archiveName(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
