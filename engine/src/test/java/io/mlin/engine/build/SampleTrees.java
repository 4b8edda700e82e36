package io.mlin.engine.build;

import io.mlin.engine.cache.Sha256;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small MLin tree whose packages are real C sources built with real {@code make}: a
 * configure-package library, a configure-package program that finds the library through
 * {@code $${libgreet}} flags, and a kconfig-package that turns its {@code .config} into a file.
 * The tarballs are made with the host's {@code tar} and referenced by {@code file:} URLs with
 * their real sha256.
 */
final class SampleTrees {
    private SampleTrees() {
    }

    static Path write(Path root, Path tarballs) throws IOException, InterruptedException {
        HostTools.require("tar", "tar");
        HostTools.require("make", "make");
        HostTools.require("cc", "build-essential");
        Path libgreet = tarball(tarballs, "libgreet-1.0", ".tar.gz", "z", dir -> {
            write(dir.resolve("greet.h"), "const char *greeting(void);\n");
            write(dir.resolve("greet.c"), "#include \"greet.h\"\nconst char *greeting(void) { return \"hello from libgreet\"; }\n");
            configureScript(dir);
            write(dir.resolve("Makefile"), "include config.mk\nlibgreet.a: greet.o\n\tar rcs $@ $^\n"
                    + "greet.o: greet.c\n\t$(CC) $(CFLAGS) -c -o $@ greet.c\n");
        });
        Path hello = tarball(tarballs, "hello-1.0", ".tar.bz2", "j", dir -> {
            write(dir.resolve("hello.c"), "#include <stdio.h>\n#include \"greet.h\"\n"
                    + "int main(void) { puts(greeting()); return 0; }\n");
            configureScript(dir);
            write(dir.resolve("Makefile"), "include config.mk\nhello: hello.c\n"
                    + "\t$(CC) $(CFLAGS) $(GREET_CFLAGS) -o $@ hello.c $(LDFLAGS) $(GREET_LIBS)\n");
        });
        Path conf = tarball(tarballs, "conf-2.0", ".tar.xz", "J", dir -> write(dir.resolve("Makefile"),
                "include .config\ngreeting.txt: .config\n\techo $(CONFIG_GREETING) > $@\n"
                        + "\techo cflags=$(CFLAGS) >> $@\n"));

        pkg(root, "libgreet", "$(call configure-package, " + url(libgreet) + ", " + Sha256.ofFile(libgreet) + ")\n",
                "# a static library: linked into hello, nothing of its own in the image\n");
        pkg(root, "hello", "$(call configure-package, \\\n\t" + url(hello) + ", \\\n\t" + Sha256.ofFile(hello) + ", \\\n"
                + "\tGREET_CFLAGS='-I$${libgreet}' GREET_LIBS='-L$${libgreet} -lgreet')\n",
                "file /bin/hello hello 755 0 0\n");
        Files.writeString(root.resolve("_pkgs/hello/deps"), "libgreet\n");
        pkg(root, "conf", "$(call kconfig-package, " + url(conf) + ", " + Sha256.ofFile(conf) + ")\n",
                "file /etc/greeting greeting.txt 644 0 0\n");
        Files.writeString(root.resolve("_pkgs/conf/config"), "CONFIG_GREETING=bonjour\n");
        // Never fetched by the initramfs step: kernels are compiled per image, not as packages.
        pkg(root, "linux", "$(call kernel-package, file:///nonexistent/linux-6.1.tar.xz, "
                + "0000000000000000000000000000000000000000000000000000000000000000)\n", null);
        Files.writeString(root.resolve("_pkgs/linux/defconfig"), "CONFIG_EFI_STUB=y\n");

        Path flavor = Files.createDirectories(root.resolve("app"));
        Files.writeString(flavor.resolve("deps"), "hello\nconf\nlinux\n");
        Files.writeString(flavor.resolve("cpio_list"), "dir /etc 755 0 0\nfile /etc/motd motd 644 0 0\n");
        Files.writeString(flavor.resolve("motd"), "welcome\n");
        return root;
    }

    static String url(Path file) {
        return file.toUri().toString();
    }

    interface Filler {
        void fill(Path dir) throws IOException;
    }

    static Path tarball(Path into, String top, String ext, String tarFlag, Filler filler)
            throws IOException, InterruptedException {
        Path work = Files.createDirectories(into.resolve("src"));
        Path dir = Files.createDirectories(work.resolve(top));
        filler.fill(dir);
        Path tarball = into.resolve(top + ext);
        Processes.check(work, "tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "-c" + tarFlag + "f",
                tarball.toString(), top);
        return tarball;
    }

    /** A configure script in the autotools calling convention: VAR=value words and --prefix. */
    static void configureScript(Path dir) throws IOException {
        Path configure = dir.resolve("configure");
        write(configure, "#!/bin/sh\n: > config.mk\nfor arg in \"$@\"; do\n  case \"$arg\" in\n"
                + "    --prefix=*) echo \"prefix=${arg#--prefix=}\" >> config.mk ;;\n"
                + "    *=*) echo \"${arg%%=*}=${arg#*=}\" >> config.mk ;;\n"
                + "    *) echo \"configure: unknown option $arg\" >&2; exit 1 ;;\n  esac\ndone\n"
                + "echo configured with $# arguments\n");
        Files.setPosixFilePermissions(configure, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void pkg(Path root, String name, String makefile, String cpioList) throws IOException {
        Path dir = Files.createDirectories(root.resolve("_pkgs").resolve(name));
        Files.writeString(dir.resolve("Makefile"), makefile);
        if (cpioList != null) {
            Files.writeString(dir.resolve("cpio_list"), cpioList);
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
