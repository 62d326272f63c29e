package dev.lovage.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryWorker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * {@code --metrics-port}: a Prometheus scrape endpoint ({@code /metrics}) and a health endpoint ({@code /health}),
 * listening on {@code --metrics-bind} (loopback by default). {@code /health} answers 200 with status {@code up}, or
 * {@code degraded} while tasks wait for their eta past {@code worker_eta_task_limit} (ready tasks queue behind them;
 * restarting would not help), and 503 with {@code down} when the worker is not consuming or the result backend does
 * not answer. {@code lovage health} (the Docker image's health check) reads it.
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    MetricsServer(String bind, int port, PrometheusMeterRegistry registry, CeleryWorker worker,
            @Nullable RedisResultBackend backend) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("celery-metrics").daemon(true)
                .factory()));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health", exchange -> {
            CeleryWorker.Health health = worker.health();
            boolean results = backend == null || backend.isConnected();
            String status = !results ? "down" : health.name().toLowerCase(Locale.ROOT);
            String body = "{\"status\": \"" + status + "\", \"broker\": \""
                    + (health == CeleryWorker.Health.DOWN ? "down" : "up") + "\", \"backend\": \""
                    + (backend == null ? "none" : results ? "up" : "down") + "\", \"eta_overflow\": "
                    + worker.etaOverflow() + "}";
            respond(exchange, status.equals("down") ? 503 : 200, "application/json", body);
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
