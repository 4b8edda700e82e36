package io.mlin.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.util.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    @TempDir
    Path dir;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Log log = new Log() {
        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }
    };

    @Test
    void echoesPrefixedLinesAndKeepsTheFullLog() throws Exception {
        Path logFile = dir.resolve("logs/step.log");
        new ProcessRunner(log).run(ProcessRunner.Command.of("sh", "-c", "echo one; echo two >&2; printf three")
                .in(dir).prefix("[pkg] ").logTo(logFile));
        assertEquals(List.of("[pkg] one", "[pkg] two", "[pkg] three"), lines);
        assertEquals("one\ntwo\nthree", Files.readString(logFile));
    }

    @Test
    void passesEnvironmentAndWorkingDirectory() throws Exception {
        new ProcessRunner(log).run(ProcessRunner.Command.of("sh", "-c", "echo \"$GREETING\"; pwd")
                .in(dir).env("GREETING", "hello"));
        assertEquals(List.of("hello", dir.toRealPath().toString()), lines);
    }

    @Test
    void failureNamesCommandExitCodeAndLastLines() {
        ProcessRunner.Command cmd = ProcessRunner.Command.of("sh", "-c", "for i in $(seq 1 40); do echo line$i; done; exit 3")
                .echo(false);
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> new ProcessRunner(log).run(cmd));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().startsWith("command failed with exit code 3: sh -c 'for i in"), e.getMessage());
        assertTrue(e.getMessage().contains("line40"), e.getMessage());
        assertFalse(e.getMessage().contains("line15\n"), "only the last " + ProcessRunner.TAIL_LINES + " lines");
        assertEquals(ProcessRunner.TAIL_LINES, e.tail().size());
        assertEquals("line40", e.tail().get(e.tail().size() - 1));
        assertTrue(lines.isEmpty(), "echo(false) keeps the log quiet");
    }

    @Test
    void interruptKillsTheWholeProcessTree() throws Exception {
        Path pids = dir.resolve("pids");
        // A child that starts grandchildren, as make -j starts compilers.
        String script = "sleep 300 & echo $! >> " + pids + "; sh -c 'sleep 300' & echo $! >> " + pids
                + "; echo started; wait";
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                new ProcessRunner(log).run(ProcessRunner.Command.of("sh", "-c", script));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!lines.contains("started") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(lines.contains("started"), "the script should have started");
        List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertEquals(2, started.size());
        started.forEach(pid -> assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));

        runner.interrupt();
        runner.join(20_000);
        assertFalse(runner.isAlive(), "run() should return promptly after an interrupt");
        assertTrue(thrown.get() instanceof InterruptedException, "got " + thrown.get());
        for (long pid : started) {
            long until = System.currentTimeMillis() + 5000;
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "grandchild " + pid + " survived");
        }
    }
}
