package dev.lovage.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python code against the interop app in docker/python-celery: a script that imports {@code tasks} and prints
 * what the test then asserts on. Python worker processes can be started too, for all-Python comparisons.
 */
public abstract class PythonCelery {

    /** Runs {@code script} with extra environment; returns stdout, or fails with stderr and the exit code. */
    public abstract String run(String script, Map<String, String> env);

    public String run(String script) {
        return run(script, Map.of());
    }

    /** Starts {@code celery -A tasks worker -P solo -c 1} consuming {@code queue}; close it to stop it. */
    public ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env) {
        return startWorker(queue, nodeName, env, List.of());
    }

    /** As {@link #startWorker(String, String, Map)}, with more arguments (e.g. {@code -P threads -c 4}), which win. */
    public abstract ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env,
            List<String> args);

    /** A closable handle of a started process. */
    public interface ProcessHandleCloseable extends AutoCloseable {
        @Override
        void close();

        /** Blocks until the process printed {@code text} or fails. */
        void awaitOutput(String text, Duration timeout);

        /** What the process printed so far (stdout and stderr merged). */
        String output();

        /** Kills the process at once (SIGKILL): no shutdown of any kind. */
        void kill();
    }

    /**
     * This Python with {@code extra} in the environment of every script and worker it runs (another broker, say);
     * the environment given to each call still wins.
     */
    public PythonCelery with(Map<String, String> extra) {
        PythonCelery base = this;
        return new PythonCelery() {
            @Override
            public String run(String script, Map<String, String> env) {
                return base.run(script, merged(extra, env));
            }

            @Override
            public ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env,
                    List<String> args) {
                return base.startWorker(queue, nodeName, merged(extra, env), args);
            }
        };
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> then) {
        Map<String, String> all = new LinkedHashMap<>(first);
        all.putAll(then);
        return all;
    }

    static PythonCelery local(String python, Path appDir, String amqpUrl, String redisUrl) {
        return new Local(python, appDir, amqpUrl, redisUrl);
    }

    static PythonCelery missing(String what) {
        return new PythonCelery() {
            @Override
            public String run(String script, Map<String, String> env) {
                throw new IllegalStateException("this test needs " + what + "; `bash .ci/run` sets it up");
            }

            @Override
            public ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env,
                    List<String> args) {
                throw new IllegalStateException("this test needs " + what);
            }
        };
    }

    /** A Python on this machine (how CI runs). */
    static final class Local extends PythonCelery {
        private final String python;
        private final Path appDir;
        private final Map<String, String> baseEnv = new LinkedHashMap<>();

        Local(String python, Path appDir, String amqpUrl, String redisUrl) {
            this.python = python;
            this.appDir = appDir;
            baseEnv.put("CELERY_BROKER_URL", amqpUrl);
            baseEnv.put("CELERY_RESULT_BACKEND", redisUrl);
            baseEnv.put("PYTHONPATH", appDir.toString());
            baseEnv.put("PYTHONUNBUFFERED", "1");
        }

        private ProcessBuilder builder(List<String> command, Map<String, String> env) {
            ProcessBuilder pb = new ProcessBuilder(command).directory(appDir.toFile());
            pb.environment().putAll(baseEnv);
            pb.environment().putAll(env);
            return pb;
        }

        @Override
        public String run(String script, Map<String, String> env) {
            try {
                Process p = builder(List.of(python, "-c", script), env).start();
                p.getOutputStream().close();
                var out = new ByteArrayOutputStream();
                var err = new ByteArrayOutputStream();
                Thread t1 = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
                Thread t2 = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("python script timed out after 120 s:\n" + script);
                }
                t1.join();
                t2.join();
                String stdout = out.toString(StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new AssertionError("python exited with " + p.exitValue() + "\nstderr:\n"
                            + err.toString(StandardCharsets.UTF_8) + "\nstdout:\n" + stdout + "\nscript:\n" + script);
                }
                return stdout;
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + python + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env,
                List<String> args) {
            List<String> cmd = new ArrayList<>(List.of(python, "-m", "celery", "-A", "tasks", "worker", "-Q", queue,
                    "-n", nodeName, "-c", "1", "-P", "solo", "-l", "info", "--without-gossip", "--without-mingle",
                    "--without-heartbeat"));
            cmd.addAll(args);
            try {
                return new StartedProcess(builder(cmd, env).redirectErrorStream(true).start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a Python worker: " + e.getMessage(), e);
            }
        }

        static void copy(InputStream in, OutputStream out) {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        }
    }
}
