# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper, extract the layered jar, run on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -DskipTests package \
 && cp target/runctl-*-SNAPSHOT.jar target/runctl.jar \
 && java -Djarmode=tools -jar target/runctl.jar extract --layers --destination target/extracted

# The jar targets Java 17; it runs on Java 25 for the AOT cache below (JEP 483/514/515).
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system runctl && useradd --system --gid runctl --home-dir /app runctl
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# Options measured in BENCHMARKS.md: SerialGC and a small initial heap keep idle RSS low on small hosts.
# Native access for Netty's epoll library: without it Java 25 warns when Netty loads it.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xss512k -Xms64m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
# AOT cache (BENCHMARKS.md, "Start-up and idle memory"): one training run that stops once the
# context has refreshed records the classes it loaded and linked, and the method profiles; every
# start then maps them instead of loading, verifying and linking the classes again. The cache only
# fits this JDK build, this class path and the module options above (--enable-native-access):
# start with others and the JVM logs "[error][aot] ... Unable to map shared spaces" and starts
# without it, as slowly as without a cache. The training run uses an in-memory audit store.
# Both runs are in Spring's AOT mode (-Dspring.aot.enabled=true): the bean definitions the build
# worked out (process-aot) instead of scanning and evaluating conditions at every start. What
# depends on the environment (the sandbox, the upstream, keys, the audit store) is still read at
# start-up (README, "Faster start-up").
RUN java -Dspring.aot.enabled=true -XX:AOTCacheOutput=runctl.aot -Dspring.context.exit=onRefresh -jar runctl.jar \
      --spring.datasource.url=jdbc:h2:mem:training
RUN mkdir -p /app/data && chown runctl:runctl /app/data
USER runctl
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-Dspring.aot.enabled=true", "-XX:AOTCache=runctl.aot", "-jar", "runctl.jar"]
