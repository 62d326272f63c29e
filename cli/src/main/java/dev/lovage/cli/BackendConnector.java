package dev.lovage.cli;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.UrlMasker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects the Redis result backend at start, retrying with backoff while Redis is not there yet. */
final class BackendConnector {
    private static final Logger log = LoggerFactory.getLogger(BackendConnector.class);

    private BackendConnector() {
    }

    static RedisResultBackend connect(CeleryConfig config) throws InterruptedException {
        String where = UrlMasker.mask(String.valueOf(config.resultBackend()));
        for (int attempt = 1; ; attempt++) {
            try {
                return RedisResultBackend.connect(config);
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw e;
                }
                Duration wait = Duration.ofSeconds(Math.min(2L * attempt, 10));
                log.error("Cannot connect to result backend {}: {}. Trying again in {} seconds... ({}/Inf)", where,
                        e.getMessage(), wait.toSeconds(), attempt);
                Thread.sleep(wait);
            }
        }
    }
}
