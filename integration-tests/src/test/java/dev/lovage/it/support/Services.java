package dev.lovage.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * The RabbitMQ, Redis and Python Celery the integration tests talk to: the ones named by the environment variables
 * {@code LOVAGE_TEST_AMQP_URL}, {@code LOVAGE_TEST_REDIS_URL} and {@code LOVAGE_TEST_PYTHON} (how CI runs), else
 * containers started by Testcontainers where a Docker engine is reachable. With neither, every test fails saying
 * what to provide: they never skip.
 */
public final class Services {
    private static final Services INSTANCE = create();

    private final String amqpUrl;
    private final String redisUrl;
    private final PythonCelery python;
    private final PythonCelery python52;

    private Services(String amqpUrl, String redisUrl, PythonCelery python, PythonCelery python52) {
        this.amqpUrl = amqpUrl;
        this.redisUrl = redisUrl;
        this.python = python;
        this.python52 = python52;
    }

    public static Services get() {
        return INSTANCE;
    }

    private static Services create() {
        String amqp = System.getenv("LOVAGE_TEST_AMQP_URL");
        String redis = System.getenv("LOVAGE_TEST_REDIS_URL");
        String python = System.getenv("LOVAGE_TEST_PYTHON");
        if (amqp != null && redis != null && python != null) {
            String python52 = System.getenv("LOVAGE_TEST_PYTHON_CELERY52");
            return new Services(amqp, redis, PythonCelery.local(python, appDir(), amqp, redis),
                    python52 == null ? PythonCelery.missing("LOVAGE_TEST_PYTHON_CELERY52 (a Python with "
                            + "docker/python-celery/requirements-celery52.txt installed)")
                            : PythonCelery.local(python52, appDir(), amqp, redis));
        }
        if (dockerAvailable()) {
            return Containers.start(appDir());
        }
        List<String> missing = new ArrayList<>();
        if (amqp == null) {
            missing.add("LOVAGE_TEST_AMQP_URL (e.g. amqp://guest:guest@127.0.0.1:5672/%2F)");
        }
        if (redis == null) {
            missing.add("LOVAGE_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)");
        }
        if (python == null) {
            missing.add("LOVAGE_TEST_PYTHON (a python with docker/python-celery/requirements.txt installed)");
        }
        throw new IllegalStateException("Integration tests need RabbitMQ, Redis and Python Celery. No Docker engine"
                + " is reachable for Testcontainers, so set " + String.join(", ", missing)
                + ". `bash .ci/run` installs and starts all of them.");
    }

    static Services of(String amqpUrl, String redisUrl, PythonCelery python, PythonCelery python52) {
        return new Services(amqpUrl, redisUrl, python, python52);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** docker/python-celery in this repository. */
    static Path appDir() {
        String root = System.getenv("LOVAGE_REPO_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        Path dir = base.resolve("docker/python-celery");
        if (!Files.isRegularFile(dir.resolve("tasks.py"))) {
            throw new IllegalStateException("cannot find docker/python-celery/tasks.py under " + base);
        }
        return dir;
    }

    public String amqpUrl() {
        return amqpUrl;
    }

    public String redisUrl() {
        return redisUrl;
    }

    /**
     * The Redis the Redis-broker tests use as their broker: {@code LOVAGE_TEST_REDIS_BROKER_URL}, else database 1 of
     * the test Redis (no other test uses it; results stay in the test Redis's own database).
     */
    public String redisBrokerUrl() {
        String url = System.getenv("LOVAGE_TEST_REDIS_BROKER_URL");
        return url != null && !url.isBlank() ? url : redisUrl(1);
    }

    /** The broker Redis with database {@code db} instead of the one in its URL. */
    public String redisBrokerUrl(int db) {
        return redisBrokerUrl().replaceFirst("/\\d*$", "") + "/" + db;
    }

    /** The test Redis with database {@code db} instead of the one in its URL. */
    public String redisUrl(int db) {
        return redisUrl.replaceFirst("/\\d*$", "") + "/" + db;
    }

    /** Python Celery, the pinned newest 5.x. */
    public PythonCelery python() {
        return python;
    }

    /** Python Celery 5.2.x, the oldest client supported (pre-5.3 JSON dialect). */
    public PythonCelery python52() {
        return python52;
    }
}
