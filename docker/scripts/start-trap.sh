#!/bin/sh
# When the script must stay (it does work after the JVM exits): trap TERM and INT, relay them to the JVM and
# wait for it, so the JVM completes its shutdown before the script, and the container, exit.
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
java $JAVA_OPTS -jar /app/app.jar "$@" &
jvm=$!
trap 'kill -TERM "$jvm" 2>/dev/null' TERM INT
# wait returns early when a trapped signal arrives: wait again for the JVM's own exit status.
wait "$jvm"
status=$?
while kill -0 "$jvm" 2>/dev/null; do
	wait "$jvm"
	status=$?
done
exit "$status"
