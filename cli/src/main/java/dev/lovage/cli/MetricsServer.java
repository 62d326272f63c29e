package dev.lovage.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryWorker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * {@code --metrics-port}: a Prometheus scrape endpoint ({@code /metrics}) and a health endpoint ({@code /health}:
 * 200 while the worker runs connected to the broker and the result backend answers, else 503).
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    MetricsServer(int port, PrometheusMeterRegistry registry, CeleryWorker worker,
            @Nullable RedisResultBackend backend) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("celery-metrics").daemon(true)
                .factory()));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health", exchange -> {
            boolean broker = worker.isHealthy();
            boolean results = backend == null || backend.isConnected();
            String body = "{\"status\": \"" + (broker && results ? "up" : "down") + "\", \"broker\": \""
                    + (broker ? "up" : "down") + "\", \"backend\": \"" + (backend == null ? "none"
                    : results ? "up" : "down") + "\"}";
            respond(exchange, broker && results ? 200 : 503, "application/json", body);
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
