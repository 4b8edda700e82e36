package io.mlin.engine.cli;

import io.mlin.engine.MlinException;
import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.cpio.InitramfsWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mlin cpio}: gen_init_cpio lists into one initramfs archive. */
@Command(
        name = "cpio",
        mixinStandardHelpOptions = true,
        description = {
            "Writes gen_init_cpio lists, in order, into one newc (070702, checksummed) initramfs archive.",
            "Relative file locations are resolved against each list's folder; $${VAR} in locations comes from the environment.",
            "Timestamps: every entry gets SOURCE_DATE_EPOCH (0 when unset) unless --epoch or --mtime-from-files says otherwise."
        })
public final class CpioCommand implements Callable<Integer> {

    @Option(names = "--mtime-from-files",
            description = "Date files by their source's mtime and other entries by their list file's mtime, as MLin's gen_init_cpio does (not reproducible).")
    boolean mtimeFromFiles;

    @Option(names = "--epoch", paramLabel = "N",
            description = "The fixed timestamp of every entry, seconds since 1970 (0..4294967295). Default: SOURCE_DATE_EPOCH, else 0.")
    Long epoch;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The archive to write.")
    Path output;

    @Parameters(paramLabel = "LIST", arity = "1..*", description = "gen_init_cpio list files, written in this order.")
    List<Path> lists;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epoch != null && mtimeFromFiles) {
            throw new MlinException("--epoch and --mtime-from-files exclude each other: choose one way to date entries");
        }
        if (epoch != null && (epoch < 0 || epoch > CpioOptions.MAX_TIME)) {
            throw new MlinException("--epoch must be from 0 to " + CpioOptions.MAX_TIME + " (seconds since 1970), got " + epoch);
        }
        CpioOptions options;
        if (mtimeFromFiles) {
            options = new CpioOptions(true, 0, System.getenv());
        } else if (epoch != null) {
            options = new CpioOptions(false, epoch, System.getenv());
        } else {
            options = CpioOptions.reproducible();
        }
        CpioSummary summary = InitramfsWriter.write(lists.stream().map(CpioList::of).toList(), output, options);
        spec.commandLine().getErr().println("cpio: " + output + ": " + summary.entries() + " entries, "
                + summary.files() + " files, " + summary.dataBytes() + " data bytes, "
                + summary.archiveBytes() + " bytes");
        return 0;
    }
}
