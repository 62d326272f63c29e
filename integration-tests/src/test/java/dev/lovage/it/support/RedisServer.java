package dev.lovage.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own, on a free port and a fresh directory, that the test may stop, kill and start
 * again: {@code redis-server} from {@code LOVAGE_TEST_REDIS_SERVER}, else from the PATH (CI installs it).
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private final List<String> extra;
    private Process process;

    private RedisServer(int port, Path dir, boolean persistent, List<String> extra) {
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
        this.extra = extra;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts a server; {@code persistent} writes every command to an append-only file (fsync always), so a restart
     * keeps everything; without, a restart starts empty.
     */
    public static RedisServer start(boolean persistent) throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("lovage-redis"), persistent,
                List.of());
        server.launch();
        return server;
    }

    /** A Redis Sentinel (the same binary in sentinel mode) watching {@code master} under {@code masterName}. */
    public static RedisServer sentinel(String masterName, RedisServer master) throws IOException {
        Path dir = Files.createTempDirectory("lovage-sentinel");
        int port = freePort();
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nsentinel monitor " + masterName
                + " 127.0.0.1 " + master.port + " 1\nsentinel down-after-milliseconds " + masterName + " 5000\n");
        RedisServer server = new RedisServer(port, dir, false, List.of(conf.toString(), "--sentinel"));
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    private void launch() throws IOException {
        String binary = System.getenv().getOrDefault("LOVAGE_TEST_REDIS_SERVER", "redis-server");
        List<String> cmd = new ArrayList<>(List.of(binary));
        if (extra.isEmpty()) {
            cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", ""));
            cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
                    : List.of("--appendonly", "no"));
        } else {
            cmd.addAll(extra);
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + ":\n"
                + Files.readString(dir.resolve("redis.log")));
    }

    /** Stops the server (SIGTERM: a persistent one flushes its file first) and starts it again on the same port. */
    public void restart(Duration down) throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        sleep(down.toMillis());
        launch();
    }

    /** Kills the server (SIGKILL) and starts it again on the same port: without persistence, empty. */
    public void crashAndRestart(Duration down) throws Exception {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        sleep(down.toMillis());
        launch();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
