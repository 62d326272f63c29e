# syntax=docker/dockerfile:1
# A Lovage worker running the example tasks (dev.lovage.examples.ExampleTasks). Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t lovage-worker .
# Settings come from CELERY_* environment variables (CELERY_BROKER_URL, CELERY_RESULT_BACKEND, ...).

# Build stage: the fat jar cli/target/lovage.jar, built by the Maven wrapper (which fetches Maven itself).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Every module's POM (the reactor reads them all) and the sources of the modules the jar is built from; not the
# host's target/ directories, virtualenvs or .git.
COPY integration-tests/pom.xml integration-tests/
COPY protocol/pom.xml protocol/
COPY protocol/src protocol/src
COPY worker/pom.xml worker/
COPY worker/src worker/src
COPY backend-redis/pom.xml backend-redis/
COPY backend-redis/src backend-redis/src
COPY cleanup/pom.xml cleanup/
COPY cleanup/src cleanup/src
COPY cli/pom.xml cli/
COPY cli/src cli/src
# The cache mount keeps the Maven distribution and the downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B -DskipTests package -pl cli -am

# Run stage: a JRE, the jar and the JVM's AOT cache of the worker's start-up (JDK 25, JEP 483/514/515; bin/lovage
# builds the same cache on first use, docs/benchmarks.md "Cold start").
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --no-create-home lovage
COPY --from=build /src/cli/target/lovage.jar /app/lovage.jar
ENV CELERY_BROKER_URL=amqp://guest:guest@rabbitmq:5672// \
    CELERY_RESULT_BACKEND=redis://redis:6379/0
# The JVM options of bin/lovage (bin/lib/env.sh, measured in docs/benchmarks.md), with the heap bounded by the
# container's memory limit: 75% of it, the rest for the JVM's own memory (README "Failure behaviour", sizing).
# Override with -e JDK_JAVA_OPTIONS= (options other than these make the JVM skip the cache: it starts as without one).
ENV JDK_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
# The training run (cli AotTraining): the worker's start-up path with the default command, no queue consumed. There
# is no broker or Redis during the image build: each is tried once, which loads their clients' classes all the same.
# About 4 s and 50 MB. A build that cannot make it fails here, with the training's output.
RUN java -XX:AOTCacheOutput=/app/lovage.aot -Dlovage.aot.training=true -jar /app/lovage.jar \
        worker -A dev.lovage.examples.ExampleTasks -l info --metrics-port 9808 >/tmp/aot-training.log 2>&1 \
        || { cat /tmp/aot-training.log; exit 1; }; rm -f /tmp/aot-training.log
USER lovage
# /health on the loopback port 9808 is what the health check reads (lovage health, a small JVM of its own): up or
# degraded is healthy; down (not consuming, or the result backend away) is not. Add --metrics-bind 0.0.0.0 to the
# command to scrape /metrics from outside the container.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-jar", "/app/lovage.jar", "health", "--metrics-port", "9808"]
# The exec form makes java PID 1, so `docker stop` sends it SIGTERM: a warm shutdown, as with Celery.
# -XX:AOTCache: a cache the JVM cannot use (other JVM options, another jar) is reported and skipped (AOTMode=auto).
ENTRYPOINT ["java", "-XX:AOTCache=/app/lovage.aot", "-jar", "/app/lovage.jar"]
CMD ["worker", "-A", "dev.lovage.examples.ExampleTasks", "-l", "info", "--metrics-port", "9808"]
