package dev.lovage.faults;

import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.TaskApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of the fault suite's workers ({@code -A dev.lovage.faults.FaultTasks}):
 * <ul>
 *   <li>{@code faults.record(ms)} sleeps {@code ms} milliseconds, then appends its task id to the run log named by
 *       {@code LOVAGE_FAULTS_RUNLOG}, one line per completed run, so the suite counts runs per task across worker
 *       restarts and kills (a line written before a kill -9 is in the kernel's hands already);</li>
 *   <li>{@code faults.noop} does nothing (the fuzz's messages name it, so their bodies are decoded and run).</li>
 * </ul>
 */
public final class FaultTasks implements TaskApp {
    private final @Nullable FileChannel runLog;

    public FaultTasks() {
        String path = System.getenv("LOVAGE_FAULTS_RUNLOG");
        try {
            runLog = path == null ? null : FileChannel.open(Path.of(path), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run log " + path, e);
        }
    }

    @Override
    public void register(CeleryWorkerBuilder worker) {
        worker.task("faults.record", (ctx, args) -> {
            Object ms = args.positional().isEmpty() ? null : args.positional().getFirst();
            if (ms instanceof Number n && n.longValue() > 0) {
                Thread.sleep(n.longValue());
            }
            record(ctx.taskId());
            return ctx.taskId();
        }).task("faults.noop", (ctx, args) -> null);
    }

    private void record(String taskId) throws IOException {
        if (runLog != null) {
            ByteBuffer line = ByteBuffer.wrap((taskId + "\n").getBytes(StandardCharsets.US_ASCII));
            synchronized (runLog) {
                while (line.hasRemaining()) {
                    runLog.write(line);
                }
            }
        }
    }
}
