package io.mlin.engine.cpio;

/** The entry types a gen_init_cpio list line can name, with the syntax each expects. */
public enum CpioType {
    FILE("file", "file <name> <location> <mode> <uid> <gid> [<hard link>...]"),
    DIR("dir", "dir <name> <mode> <uid> <gid>"),
    NOD("nod", "nod <name> <mode> <uid> <gid> <b|c> <major> <minor>"),
    SLINK("slink", "slink <name> <target> <mode> <uid> <gid>"),
    PIPE("pipe", "pipe <name> <mode> <uid> <gid>"),
    SOCK("sock", "sock <name> <mode> <uid> <gid>");

    private final String keyword;
    private final String syntax;

    CpioType(String keyword, String syntax) {
        this.keyword = keyword;
        this.syntax = syntax;
    }

    /** The word that starts the line, e.g. {@code slink}. */
    public String keyword() {
        return keyword;
    }

    /** The line's syntax, for error messages. */
    public String syntax() {
        return syntax;
    }

    /** The type for a list keyword, or null when it is not one. */
    public static CpioType forKeyword(String word) {
        for (CpioType t : values()) {
            if (t.keyword.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
