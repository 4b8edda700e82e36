package io.mlin.engine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.mlin.engine.fetch.FetchCommand;
import io.mlin.engine.kernel.KernelCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlin} command line: the engine without Jenkins. */
@Command(
        name = "mlin",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Builds tiny, immutable Linux VMs for Hyper-V Gen2 from MLin trees.",
        subcommands = {
            BuildCommand.class,
            ImagesCommand.class,
            CheckCommand.class,
            InitramfsCommand.class,
            CpioCommand.class,
            KernelCommand.class,
            IsoCommand.class,
            FetchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        // Build steps run in process groups of their own, so Ctrl-C reaches only this JVM: the hook
        // interrupts the command, whose process runner then kills every process it started.
        Thread commandThread = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.getCount() > 0) {
                commandThread.interrupt();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "mlin-stop"));
        int status = run(args);
        finished.countDown();
        System.exit(status);
    }

    /** Runs the command line and returns its exit status (for tests: no System.exit). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mlin " + (v == null ? "dev" : v)};
        }
    }
}
