package dev.lovage.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * RabbitMQ, Redis and the Python interop app (built from docker/python-celery) in containers, for machines with a
 * Docker engine. Started once per test JVM and left to Testcontainers' reaper.
 */
final class Containers {
    private Containers() {
    }

    static Services start(Path appDir) {
        Network network = Network.newNetwork();
        RabbitMQContainer rabbit = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management"))
                .withNetwork(network).withNetworkAliases("rabbitmq");
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withNetwork(network).withNetworkAliases("redis").withExposedPorts(6379);
        rabbit.start();
        redis.start();
        String amqp = "amqp://guest:guest@" + rabbit.getHost() + ":" + rabbit.getAmqpPort() + "/%2F";
        String redisUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0";
        PythonCelery python = new InContainer(appDir, "Dockerfile", network);
        PythonCelery python52 = new InContainer(appDir, "Dockerfile.celery52", network);
        return Services.of(amqp, redisUrl, python, python52);
    }

    /** Python scripts run with {@code docker exec} in a long-lived container of the interop image. */
    static final class InContainer extends PythonCelery {
        private final GenericContainer<?> container;
        private final ImageFromDockerfile image;
        private final Network network;

        InContainer(Path appDir, String dockerfile, Network network) {
            this.network = network;
            this.image = new ImageFromDockerfile().withFileFromPath(".", appDir)
                    .withDockerfile(appDir.resolve(dockerfile));
            container = new GenericContainer<>(image)
                    .withNetwork(network)
                    .withEnv("CELERY_BROKER_URL", "amqp://guest:guest@rabbitmq:5672//")
                    .withEnv("CELERY_RESULT_BACKEND", "redis://redis:6379/0")
                    .withCommand("sleep", "infinity")
                    .withStartupTimeout(Duration.ofMinutes(5));
            container.start();
        }

        @Override
        public String run(String script, Map<String, String> env) {
            List<String> cmd = new ArrayList<>(List.of("env"));
            env.forEach((k, v) -> cmd.add(k + "=" + v));
            cmd.addAll(List.of("python", "-c", script));
            try {
                Container.ExecResult r = container.execInContainer(cmd.toArray(String[]::new));
                if (r.getExitCode() != 0) {
                    throw new AssertionError("python exited with " + r.getExitCode() + "\n" + r.getStderr());
                }
                return r.getStdout();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ProcessHandleCloseable startWorker(String queue, String nodeName, Map<String, String> env,
                List<String> args) {
            List<String> cmd = new ArrayList<>(List.of("celery", "-A", "tasks", "worker", "-Q", queue, "-n", nodeName,
                    "-c", "1", "-P", "solo", "-l", "info", "--without-gossip", "--without-mingle",
                    "--without-heartbeat"));
            cmd.addAll(args);
            GenericContainer<?> worker = new GenericContainer<>(image).withNetwork(network)
                    .withEnv("CELERY_BROKER_URL", "amqp://guest:guest@rabbitmq:5672//")
                    .withEnv("CELERY_RESULT_BACKEND", "redis://redis:6379/0")
                    .withEnv(env)
                    .withCommand(cmd.toArray(String[]::new));
            worker.start();
            return new ProcessHandleCloseable() {
                @Override
                public void close() {
                    worker.stop();
                }

                @Override
                public String output() {
                    return worker.getLogs();
                }

                @Override
                public void kill() {
                    worker.getDockerClient().killContainerCmd(worker.getContainerId()).exec();
                }

                @Override
                public void awaitOutput(String text, Duration timeout) {
                    long end = System.nanoTime() + timeout.toNanos();
                    while (!worker.getLogs().contains(text)) {
                        if (System.nanoTime() > end) {
                            throw new AssertionError("no '" + text + "' in the worker's log:\n" + worker.getLogs());
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            };
        }
    }
}
