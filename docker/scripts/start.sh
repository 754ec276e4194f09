#!/bin/sh
# The fix: exec replaces this shell with the JVM, which becomes PID 1 and receives SIGTERM itself.
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java $JAVA_OPTS -jar /app/app.jar "$@"
