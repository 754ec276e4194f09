# The sample app in the other shapes users deploy (docs/deployment-shapes.md), one build target each, the JVM PID 1 in
# all of them. Offline, on the base images of docker/base-image.sh. Build from the repository root after
# ./mvnw install -DskipTests (which also writes sample-app/target/aot/classes, the Spring AOT build):
#   docker build -f docker/shapes.Dockerfile --build-arg BASE_IMAGE=pid1/jre:25 --target extracted-aot -t app:aot .
# A separate file from docker/Dockerfile: the engine's classic builder builds every stage before the target, and
# the AOT cache's training run should not slow down every other image.
ARG BASE_IMAGE=pid1/jre:25

FROM ${BASE_IMAGE} AS app
ARG APP_JAR=sample-app/target/pid1-sample-app-*.jar
WORKDIR /app
COPY ${APP_JAR} /app/app.jar

# A flat class path as Jib lays it out: resources, classes and libraries apart, no manifest, started with
# `java -cp @/app/jib-classpath-file MainClass`. Nothing comes from the jar's manifest (Add-Opens,
# Enable-Native-Access): a Jib user sets the flags (jvmFlags, or JAVA_TOOL_OPTIONS as the tests do).
FROM app AS jib
ARG MAIN_CLASS=dev.pid1.sample.OrderServiceApplication
RUN java -Djarmode=tools -jar app.jar extract --launcher --destination /tmp/jar \
	&& mkdir -p /app/resources /app/classes /app/libs \
	&& cp -r /tmp/jar/BOOT-INF/classes/. /app/classes/ && find /app/classes -type f ! -name '*.class' -delete \
	&& cp -r /tmp/jar/BOOT-INF/classes/. /app/resources/ && find /app/resources -type f -name '*.class' -delete \
	&& cp /tmp/jar/BOOT-INF/lib/*.jar /app/libs/ \
	&& printf '/app/resources:/app/classes' > /app/jib-classpath-file \
	&& for lib in /app/libs/*.jar; do printf ':%s' "$lib" >> /app/jib-classpath-file; done \
	&& printf '%s' "$MAIN_CLASS" > /app/jib-main-class-file \
	&& rm -rf /tmp/jar /app/app.jar
ENTRYPOINT ["java", "-cp", "@/app/jib-classpath-file", "dev.pid1.sample.OrderServiceApplication"]

# Spring AOT: the classes spring-boot:process-aot produced (the generated bean definitions beside the app's), on the
# same flat class path, run with -Dspring.aot.enabled=true.
FROM jib AS spring-aot
ARG AOT_CLASSES=sample-app/target/aot/classes
COPY ${AOT_CLASSES}/ /app/classes/
ENTRYPOINT ["java", "-Dspring.aot.enabled=true", "-cp", "@/app/jib-classpath-file", "dev.pid1.sample.OrderServiceApplication"]

# Spring Boot's recommended layout: the jar extracted (app/app.jar, app/lib/; the manifest keeps Add-Opens and
# Enable-Native-Access), and a Java 25 AOT cache from a training run in the build. The training run is not PID 1
# (timeout is, and bounds it: 124 when it does not end by itself); training.txt records its exit code and time and
# processes.txt what still ran after it, which the tests check.
FROM app AS extracted-aot
RUN java -Djarmode=tools -jar app.jar extract && rm app.jar \
	&& start=$(date +%s%N) \
	&& { timeout 180 java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app/app.jar \
		> training.log 2>&1; echo "exit=$?" > training.txt; } \
	&& echo "millis=$(( ($(date +%s%N) - start) / 1000000 ))" >> training.txt \
	&& ps -e -o pid=,comm= > processes.txt \
	&& cat training.txt processes.txt && tail -3 training.log && grep -qx 'exit=0' training.txt
# The JVM's own account of the cache goes to /tmp/aot.log (-Xlog), not to the app's log.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-Xlog:aot=info:file=/tmp/aot.log", "-jar", "app/app.jar"]
