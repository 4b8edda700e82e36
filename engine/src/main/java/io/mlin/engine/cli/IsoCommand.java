package io.mlin.engine.cli;

import io.mlin.engine.iso.IsoOptions;
import io.mlin.engine.iso.IsoSummary;
import io.mlin.engine.iso.IsoWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlin iso KERNEL -o OUT.iso}: wraps an EFI-stub kernel into a UEFI-bootable ISO. */
@Command(
        name = "iso",
        description = {
            "Writes a UEFI-bootable ISO holding KERNEL as \\EFI\\BOOT\\BOOTX64.EFI (El Torito EFI, FAT12/16 boot image).",
            "Same kernel and options give the same bytes.",
        })
public final class IsoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "KERNEL", description = "The EFI-stub kernel (bzImage).")
    Path kernel;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.iso", description = "The ISO to write.")
    Path output;

    @Option(names = "--volume-id", paramLabel = "ID",
            description = "ISO volume id: 1-32 of A-Z 0-9 _. Default: the output file name without extension, upper-cased, other characters as _.")
    String volumeId;

    @Option(names = "--epoch", paramLabel = "N",
            description = "Seconds since 1970-01-01 UTC for every date in the image. Default: SOURCE_DATE_EPOCH, or 0.")
    Long epoch;

    @Override
    public Integer call() throws Exception {
        String id = volumeId != null ? volumeId : IsoOptions.volumeIdFromFileName(output.getFileName().toString());
        IsoOptions options = epoch != null ? new IsoOptions(id, epoch) : IsoOptions.defaults(id);
        IsoSummary s = IsoWriter.write(kernel, output, options);
        spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s: %d bytes, volume %s, %s boot image %d bytes, El Torito sector count %d, sha256 %s%n",
                output, s.isoBytes(), options.volumeId(), s.fatType(), s.bootImageBytes(), s.elToritoSectorCount(),
                s.sha256());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
