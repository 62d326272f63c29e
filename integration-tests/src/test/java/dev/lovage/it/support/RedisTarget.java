package dev.lovage.it.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Redis a Redis-only integration test talks to: the one named by {@code LOVAGE_TEST_REDIS_URL} (how CI runs),
 * else a {@code redis:7} container started once per JVM by Testcontainers where a Docker engine is reachable. With
 * neither, {@link #url()} throws, so the tests fail saying what to provide; they never skip.
 */
public final class RedisTarget {
    private static final String ENV = "LOVAGE_TEST_REDIS_URL";
    private static String url;

    private RedisTarget() {
    }

    /**
     * The Redis URL, e.g. {@code redis://127.0.0.1:6379/0}.
     *
     * @throws IllegalStateException when neither the variable nor a Docker engine is there
     */
    public static synchronized String url() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    private static String resolve() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (dockerAvailable()) {
            // Left running for the JVM's lifetime; Testcontainers' reaper removes it.
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            redis.start();
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0";
        }
        throw new IllegalStateException("These tests need Redis: set " + ENV + "=redis://127.0.0.1:6379/0 or "
                + "provide a Docker engine for Testcontainers.");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
