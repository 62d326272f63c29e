package dev.lovage.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A child process whose merged output is collected, so tests can wait for a line and show it on failure. */
public final class StartedProcess implements PythonCelery.ProcessHandleCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    public StartedProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon(true).name("it-process-output").start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                // process ended
            }
        });
    }

    @Override
    public void awaitOutput(String text, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (output.indexOf(text) >= 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before printing '" + text
                        + "':\n" + output);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output);
    }

    /** Waits for the process to end by itself; its exit code, or an AssertionError after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output);
        }
        return process.exitValue();
    }

    @Override
    public String output() {
        return output.toString();
    }

    @Override
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
