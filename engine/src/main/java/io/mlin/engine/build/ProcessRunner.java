package io.mlin.engine.build;

import io.mlin.engine.util.Log;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one way the engine runs external programs (make, configure, compilers).
 *
 * <ul>
 *   <li>Output (stdout and stderr merged, so their order is kept) goes line by line to the
 *       {@link Log} behind a prefix such as {@code [busybox] }, and in full to a log file.
 *   <li>A command that exits non-zero throws {@link CommandFailedException} with the exit code and
 *       the last lines it printed, so the error is readable without opening the log file.
 *   <li>Interrupting the calling thread (a stopped build) kills the whole process tree: the child
 *       runs as the leader of its own process group ({@code setsid}), and the group is signalled,
 *       so grandchildren such as compiler jobs started by {@code make -j} die too.
 * </ul>
 */
public final class ProcessRunner {
    /** How many trailing output lines a failure message quotes. */
    static final int TAIL_LINES = 25;
    private static final long GRACE_MILLIS = 3000;

    private final Log log;

    public ProcessRunner(Log log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** What to run, where, and where its output goes. */
    public static final class Command {
        private final List<String> args;
        private Path workDir;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String prefix = "";
        private Path logFile;
        private boolean echo = true;

        private Command(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.args = List.copyOf(args);
        }

        public static Command of(String... args) {
            return new Command(List.of(args));
        }

        public static Command of(List<String> args) {
            return new Command(args);
        }

        public Command in(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Adds or replaces an environment variable of the child (the rest is inherited). */
        public Command env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Put before every echoed line, e.g. {@code [busybox] }. */
        public Command prefix(String linePrefix) {
            this.prefix = linePrefix;
            return this;
        }

        /** Keeps the complete output in this file (created or replaced). */
        public Command logTo(Path file) {
            this.logFile = file;
            return this;
        }

        /** Whether output lines go to the {@link Log} as well as the log file (default true). */
        public Command echo(boolean echoLines) {
            this.echo = echoLines;
            return this;
        }

        public List<String> args() {
            return args;
        }

        /** The command as a user could paste it into a shell (arguments with blanks quoted). */
        public String display() {
            StringBuilder sb = new StringBuilder();
            for (String a : args) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
            }
            return sb.toString();
        }
    }

    /** A finished command. */
    public record Result(int exitCode, List<String> tail) {
    }

    /**
     * Runs the command to completion.
     *
     * @throws CommandFailedException when it exits non-zero
     * @throws InterruptedException when the calling thread is interrupted; the process tree is
     *     killed before this is thrown
     */
    public Result run(Command command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        // setsid makes the child a process-group leader (it is not one already, so setsid execs
        // in place and keeps the pid): killing the group reaches every descendant.
        argv.add("setsid");
        argv.addAll(command.args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (command.workDir != null) {
            pb.directory(command.workDir.toFile());
        }
        pb.environment().putAll(command.environment);
        if (command.logFile != null) {
            Files.createDirectories(command.logFile.toAbsolutePath().getParent());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped before running " + command.display());
        }
        Process process = pb.start();
        process.getOutputStream().close();
        OutputPump pump = new OutputPump(process.getInputStream(), command, log);
        Thread pumpThread = new Thread(pump, "output of " + command.args.get(0));
        pumpThread.setDaemon(true);
        pumpThread.start();
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            killTree(process);
            pumpThread.join(GRACE_MILLIS);
            throw new InterruptedException("stopped: " + command.display());
        }
        pumpThread.join(GRACE_MILLIS);
        if (pumpThread.isAlive()) {
            // Something the command started in the background still holds its output open.
            signalGroup(process.pid(), "KILL");
            pumpThread.join();
        }
        if (pump.failure != null) {
            throw pump.failure;
        }
        if (exit != 0) {
            throw new CommandFailedException(command, exit, pump.tail());
        }
        return new Result(exit, pump.tail());
    }

    /** TERM to the process group, then KILL to whatever is left after a grace period. */
    static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup(process.pid(), "TERM");
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
            signalGroup(process.pid(), "KILL");
            process.destroyForcibly();
            process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
        // Descendants that left the group (setsid of their own) still get killed by pid.
        signalGroup(process.pid(), "KILL");
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void signalGroup(long pgid, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // no kill binary: the per-pid destroy calls still run
        }
    }

    /** Splits the child's output into lines for the log, the log file and the failure tail. */
    private static final class OutputPump implements Runnable {
        private final InputStream in;
        private final Command command;
        private final Log log;
        private final Deque<String> tail = new ArrayDeque<>();
        volatile IOException failure;

        OutputPump(InputStream in, Command command, Log log) {
            this.in = in;
            this.command = command;
            this.log = log;
        }

        @Override
        public void run() {
            try (InputStream input = in;
                    OutputStream file = command.logFile == null
                            ? OutputStream.nullOutputStream()
                            : new BufferedOutputStream(Files.newOutputStream(command.logFile), 1 << 16)) {
                byte[] buf = new byte[1 << 14];
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int n;
                while ((n = input.read(buf)) > 0) {
                    file.write(buf, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            emit(line);
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
                if (line.size() > 0) {
                    emit(line);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        private void emit(ByteArrayOutputStream line) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            synchronized (tail) {
                tail.addLast(text);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            if (command.echo) {
                log.info(command.prefix + text);
            }
        }

        List<String> tail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }
    }
}
