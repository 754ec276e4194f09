#!/bin/sh
# Shutdown benchmark: the sample app as PID 1 of a fresh PID namespace under constant
# HTTP load on 127.0.0.1, terminated the way Kubernetes does it (routing goes on for a lag
# after SIGTERM, SIGKILL at the end of the grace period), side by side:
#   spring-default   Spring Boot 4's own graceful shutdown (pid1 off)
#   prestop-sleep    the same behind a preStop-style fixed sleep before SIGTERM
#   pid1-fixed       pid1 with a fixed drain (min = max)
#   pid1-adaptive    pid1 with its defaults (adaptive drain)
#   pid1-prestop     pid1 drained by a preStop httpGet on /actuator/prestop, then SIGTERM
#   shell-wrapper    the classic mistake: sh as PID 1 running java without exec (pid1 off)
# Writes a Markdown table and an SVG timeline. Needs root (or user namespaces) and python3.
#
#   docker/bench/shutdown.sh [OUTDIR]      (default docker/bench/results)
# Env: LAG (3 s), SLEEP (10 s preStop sleep and fixed drain), GRACE (30 s), RATE (100/s),
#      PORT (28080), MANAGEMENT_PORT (28081), JAVA (java), JAR (the sample app's jar).
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-docker/bench/results}
LAG=${LAG:-3}
SLEEP=${SLEEP:-10}
GRACE=${GRACE:-30}
RATE=${RATE:-100}
PORT=${PORT:-28080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-28081}
JAVA=${JAVA:-java}
JAR=${JAR:-sample-app/target/pid1-sample-app-0.1.0-SNAPSHOT.jar}
[ -f "$JAR" ] || ./mvnw -B -q -pl sample-app -am package -DskipTests
mkdir -p "$OUT"
export PORT MANAGEMENT_PORT
JVM="-XX:TieredStopAtLevel=1 -Xmx256m"
APP="--server.address=127.0.0.1 --management.server.address=127.0.0.1 --spring.main.banner-mode=off"
SIM="python3 docker/bench/lbsim.py --port $PORT --management-port $MANAGEMENT_PORT --lag $LAG --grace $GRACE --rate $RATE"

WRAPPER="$OUT/start.sh"
cat > "$WRAPPER" <<SCRIPT
#!/bin/sh
# The classic mistake: no exec, so sh stays PID 1 and the JVM never hears SIGTERM.
$JAVA $JVM -jar $JAR $APP --pid1.enabled=false
echo "java exited with \$?"
SCRIPT
chmod +x "$WRAPPER"

$SIM --name spring-default --out "$OUT/spring-default.json" -- \
	$JAVA $JVM -jar "$JAR" $APP --pid1.enabled=false
$SIM --name "prestop-sleep ${SLEEP}s" --prestop-sleep "$SLEEP" --out "$OUT/prestop-sleep.json" -- \
	$JAVA $JVM -jar "$JAR" $APP --pid1.enabled=false
$SIM --name "pid1-fixed ${SLEEP}s" --out "$OUT/pid1-fixed.json" -- \
	$JAVA $JVM -jar "$JAR" $APP --pid1.shutdown.drain-min=${SLEEP}s --pid1.shutdown.drain-max=${SLEEP}s
$SIM --name pid1-adaptive --out "$OUT/pid1-adaptive.json" -- \
	$JAVA $JVM -jar "$JAR" $APP
$SIM --name pid1-prestop --prestop-get /actuator/prestop --out "$OUT/pid1-prestop.json" -- \
	$JAVA $JVM -jar "$JAR" $APP
$SIM --name shell-wrapper --out "$OUT/shell-wrapper.json" -- "$WRAPPER"

python3 docker/bench/render.py --svg "$OUT/shutdown-timeline.svg" --markdown "$OUT/shutdown.md" \
	"$OUT/spring-default.json" "$OUT/prestop-sleep.json" "$OUT/pid1-fixed.json" "$OUT/pid1-adaptive.json" \
	"$OUT/pid1-prestop.json" "$OUT/shell-wrapper.json"
cat "$OUT/shutdown.md"
echo "timeline: $OUT/shutdown-timeline.svg"
