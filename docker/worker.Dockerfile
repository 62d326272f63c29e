# syntax=docker/dockerfile:1
# A Lovage worker running the example tasks (dev.lovage.examples.ExampleTasks). Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t lovage-worker .
# Settings come from CELERY_* environment variables (CELERY_BROKER_URL, CELERY_RESULT_BACKEND, ...).

# Build stage: the fat jar cli/target/lovage.jar, built by the Maven wrapper (which fetches Maven itself).
FROM eclipse-temurin:21-jdk AS build
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

# Run stage: a JRE and the jar only.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home lovage
COPY --from=build /src/cli/target/lovage.jar /app/lovage.jar
USER lovage
ENV CELERY_BROKER_URL=amqp://guest:guest@rabbitmq:5672// \
    CELERY_RESULT_BACKEND=redis://redis:6379/0
# The JVM options of bin/lovage (bin/lib/env.sh, measured in docs/benchmarks.md); override with -e JDK_JAVA_OPTIONS=.
ENV JDK_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:+UseSerialGC"
# The exec form makes java PID 1, so `docker stop` sends it SIGTERM: a warm shutdown, as with Celery.
ENTRYPOINT ["java", "-jar", "/app/lovage.jar"]
CMD ["worker", "-A", "dev.lovage.examples.ExampleTasks", "-l", "info"]
