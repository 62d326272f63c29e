# A Lovage worker with the example tasks. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t lovage-worker .
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -pl cli -am package

FROM eclipse-temurin:21-jre
COPY --from=build /src/cli/target/lovage.jar /app/lovage.jar
ENTRYPOINT ["java", "-jar", "/app/lovage.jar"]
CMD ["worker", "-A", "dev.lovage.examples.ExampleTasks", "-l", "info"]
