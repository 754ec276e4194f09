#!/bin/sh
# The classic mistake: java runs as a child of this shell. As PID 1 the shell has no SIGTERM handler, so the
# kernel drops `docker stop`'s SIGTERM and the JVM is SIGKILLed when the stop timeout ends.
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
java $JAVA_OPTS -jar /app/app.jar "$@"
