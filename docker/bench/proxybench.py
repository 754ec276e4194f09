#!/usr/bin/env python3
"""Shutdown under load behind a real proxy: the driver of docker/bench/proxy.sh (Python 3 stdlib only).

Each replica of a peer runs as PID 1 of its own PID namespace (`unshare --fork --pid --mount-proc`) on
127.0.0.1 behind HAProxy or nginx; h2load sends constant-rate load through the proxy (HTTP/1.1 keep-alive
or HTTP/2) and logs every request. Termination as Kubernetes does it: endpoint removal LAG s after the
termination starts (HAProxy's runtime API, an nginx reload) or by the proxy's own readiness checks, and the
kubelet's preStop (if the peer has one) then SIGTERM at the same time; SIGKILL at GRACE s. This script
starts, terminates and observes; the load and the routing are the real tools'.

  proxybench.py --out DIR [--peers ...] [--scenarios ...] [--rates ...] [--protos ...] [--proxies ...]

Writes one JSON file per run to DIR (read by render.py) and prints one line per run.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BASE_PORT = int(os.environ.get("PORT_BASE", "26000"))  # the proxy; replica slot k: main BASE+10+10k, probes BASE+11+10k
JVM = os.environ.get("BENCH_JVM_OPTS", "-Xmx256m").split()  # the default JIT, as users run it
SAMPLE_JAR = os.path.join(ROOT, "sample-app/target/pid1-sample-app-0.1.0-SNAPSHOT.jar")
QUARKUS_JAR = os.path.join(HERE, "peers/quarkus/target/quarkus-app/quarkus-run.jar")
LIGHTSHIP_APP = os.path.join(HERE, "peers/lightship/server.js")


def now():
    return time.time()


class Peer:
    """How to start one replica of a contender and where its readiness probe answers."""

    def __init__(self, name, command, ready_path, prestop=None):
        self.name, self.command, self.ready_path, self.prestop = name, command, ready_path, prestop


def spring_command(extra):
    def command(port, probe_port, proto, a):
        args = [a.java, *JVM, "-jar", SAMPLE_JAR, f"--server.port={port}", f"--management.server.port={probe_port}",
                "--server.address=127.0.0.1", "--management.server.address=127.0.0.1",
                "--spring.main.banner-mode=off"]
        if proto == "h2":
            args.append("--server.http2.enabled=true")
        return args + extra, {}
    return command


def shell_wrapper(port, probe_port, proto, a):
    args, env = spring_command(["--pid1.enabled=false"])(port, probe_port, proto, a)
    return ["sh", "-c", " ".join(args) + '; echo "java exited with $?"'], env


def quarkus_command(port, probe_port, proto, a):
    return [a.java, *JVM, f"-Dquarkus.http.port={port}", f"-Dquarkus.management.port={probe_port}",
            f"-Dquarkus.shutdown.delay={a.lag + a.margin:g}s", "-jar", QUARKUS_JAR], {}


def lightship_command(port, probe_port, proto, a):
    return ["node", LIGHTSHIP_APP], {"PORT": str(port), "LIGHTSHIP_PORT": str(probe_port), "PROTO": proto,
                                     "SHUTDOWN_DELAY_MS": str(int((a.lag + a.margin) * 1000))}


PEERS = {
    # Spring Boot 4's own graceful shutdown, the starter switched off
    "spring": Peer("spring", spring_command(["--pid1.enabled=false"]), "/actuator/health/readiness"),
    # the same with the Spring Boot team's answer: a preStop sleep of LAG + MARGIN before SIGTERM
    "spring-prestop": Peer("spring-prestop", spring_command(["--pid1.enabled=false"]), "/actuator/health/readiness",
                           prestop="sleep"),
    # Quarkus with quarkus.shutdown.delay-enabled and a delay of LAG + MARGIN
    "quarkus": Peer("quarkus", quarkus_command, "/q/health/ready"),
    # Node with lightship, shutdownDelay LAG + MARGIN
    "lightship": Peer("lightship", lightship_command, "/ready"),
    # the sample app with the starter, its defaults
    "pid1": Peer("pid1", spring_command([]), "/actuator/health/readiness"),
    # pid1 without its close of idle keep-alive connections during the drain (isolates that part)
    "pid1-keepidle": Peer("pid1-keepidle", spring_command(["--pid1.connections.close-idle=false"]),
                          "/actuator/health/readiness"),
    # the same drained by a preStop httpGet on pid1's endpoint (the SIGTERM after it closes at once)
    # pid1 whose drain ends on the arrivals alone, blind to connections waiting in the kernel: the overload control
    "pid1-nohold": Peer("pid1-nohold", spring_command(["--pid1.shutdown.hold-for-backlog=false"]),
                        "/actuator/health/readiness"),
    # pid1 with the adaptive end off: the drain ends after the quiet period, what an overloaded node calls for
    "pid1-quiet": Peer("pid1-quiet", spring_command(["--pid1.shutdown.adaptive.enabled=false"]),
                       "/actuator/health/readiness"),
    # (the preStop endpoint has no access until granted, as in docker/k8s/deployment.yaml)
    "pid1-prestop": Peer("pid1-prestop", spring_command(["--management.endpoint.prestop.access=unrestricted"]),
                         "/actuator/health/readiness", prestop="/actuator/prestop"),
    # the classic mistake: sh as PID 1 runs java without exec, so SIGTERM never reaches the JVM (SIGKILL at GRACE)
    "shell-wrapper": Peer("shell-wrapper", shell_wrapper, "/actuator/health/readiness"),
}


class Replica:
    def __init__(self, peer, slot, proto, a, logdir):
        self.peer, self.slot, self.proto = peer, slot, proto
        self.port, self.probe_port = BASE_PORT + 10 + 10 * slot, BASE_PORT + 11 + 10 * slot
        command, env = peer.command(self.port, self.probe_port, proto, a)
        self.log = open(os.path.join(logdir, f"{peer.name}-s{slot}.log"), "w")
        self.proc = subprocess.Popen(["unshare", "--fork", "--pid", "--mount-proc", *command],
                                     env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=ROOT, start_new_session=True)
        self.started = now()
        self.events = {}
        self.readiness = []  # (time, status): 200, 503/500, or 0 for no answer
        self.exit_code = None
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self):
        code = self.proc.wait()
        self.events["exit"] = now()
        if "sigkill" in self.events:  # unshare exits 1 when its child dies of SIGKILL: say what happened
            self.exit_code = "SIGKILL"
        else:
            self.exit_code = code if code >= 0 else signal.Signals(-code).name

    def pid1(self):
        """The replica's own PID 1 (unshare's child), as the kubelet's runtime signals it."""
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                children = f.read().split()
            return int(children[0]) if children else None
        except OSError:
            return None

    def signal(self, sig):
        pid = self.pid1()
        if pid:
            os.kill(pid, sig)

    def probe(self, path=None, port=None, timeout=1.0):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port or self.probe_port, timeout=timeout)
            conn.request("GET", path or self.peer.ready_path)
            status = conn.getresponse().status
            conn.close()
            return status
        except (OSError, http.client.HTTPException):
            return 0

    def serves(self):
        if self.proto == "h1":
            return self.probe("/orders", self.port) == 200
        try:  # an HTTP/2-only server (node's http2 module): it accepts connections
            socket.create_connection(("127.0.0.1", self.port), 0.5).close()
            return True
        except OSError:
            return False

    def wait_ready(self, bound):
        deadline = now() + bound
        while now() < deadline and self.proc.poll() is None:
            if self.probe() == 200 and self.serves():
                self.events["ready"] = now()
                return True
            time.sleep(0.1)
        return False

    def watch_readiness(self, stop):
        def loop():
            last = None
            while not stop.is_set() and self.proc.poll() is None:
                status = self.probe(timeout=0.5)
                if status != last:
                    self.readiness.append((now(), status))
                    last = status
                time.sleep(0.1)
        threading.Thread(target=loop, daemon=True).start()

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        self.log.close()


class HAProxy:
    """HAProxy 2.6: `retries 0` (kube-proxy does not retry), endpoints added and removed through the runtime API
    (REMOVAL=api) or by its own readiness checks of the probe port (REMOVAL=checks: option httpchk, inter 1s fall 2)."""

    name = "haproxy"

    def __init__(self, proto, client_h2, removal, peer, slots, enabled, tmp):
        self.sock = os.path.join(tmp, "haproxy.sock")
        checks = removal == "checks"
        server_opts = " proto h2" if proto == "h2" else ""
        lines = ["global", f"  stats socket {self.sock} mode 600 level admin", "  maxconn 4000",
                 "  log stdout format raw local0", "defaults", "  mode http", "  log global", "  option httplog",
                 "  option dontlog-normal", "  retries 0", "  timeout connect 1s", "  timeout client 60s",
                 "  timeout server 60s", "  timeout http-keep-alive 60s", "  timeout queue 10s",
                 "frontend fe", f"  bind 127.0.0.1:{BASE_PORT}" + (" proto h2" if client_h2 else "")]
        if proto == "h2":
            # Tomcat rejects origin-form requests from an h2 upstream without a scheme/authority it accepts.
            lines.append("  http-request set-uri http://%[req.hdr(host)]%[pathq]")
        if not client_h2:
            # h2load's HTTP/1 parser counts a status line without reason phrase (Tomcat's "HTTP/1.1 200 ") as failed
            lines.append("  http-response set-status 200 reason OK if { status 200 }")
        lines += ["  default_backend be", "backend be", "  balance roundrobin"]
        if checks:
            lines += [f"  option httpchk GET {peer.ready_path}", "  http-check expect status 200"]
        for slot in slots:
            port, probe = BASE_PORT + 10 + 10 * slot, BASE_PORT + 11 + 10 * slot
            # at most 64 connections per server, the rest queue: hundreds of client connections opened at once
            # must not overflow the app's accept backlog (refused, a 503 with retries 0) before any shutdown
            line = f"  server s{slot} 127.0.0.1:{port}{server_opts} maxconn 64"
            if checks:
                line += f" check port {probe} inter 1s fall 2 rise 1"
            if slot not in enabled:
                line += " disabled"
            lines.append(line)
        cfg = os.path.join(tmp, "haproxy.cfg")
        with open(cfg, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", cfg], stdout=open(os.path.join(tmp, "haproxy.log"), "w"),
                                     stderr=subprocess.STDOUT)
        wait_port(BASE_PORT)

    def command(self, cmd):
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.sock)
            s.sendall(cmd.encode() + b"\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return data.decode()

    def add(self, slot):
        self.command(f"set server be/s{slot} state ready")

    def remove(self, slot):
        self.command(f"set server be/s{slot} state maint")

    def routable(self, slot):
        for row in self.command("show stat").splitlines():
            cols = row.split(",")
            if len(cols) > 17 and cols[0] == "be" and cols[1] == f"s{slot}":
                return cols[17].startswith("UP")
        return False

    def stop(self):
        self.proc.kill()
        self.proc.wait()


class Nginx:
    """nginx 1.22: an upstream group changed by rewriting the configuration and reloading (SIGHUP), passive
    checks only (max_fails=1), and proxy_next_upstream off: by default nginx retries an idempotent request on
    the next server after a connection error, which hides failures that kube-proxy would not."""

    name = "nginx"

    def __init__(self, proto, client_h2, removal, peer, slots, enabled, tmp):
        if proto == "h2":
            raise RuntimeError("nginx 1.22 has no HTTP/2 upstreams (proxy_pass speaks HTTP/1.x)")
        self.proto, self.client_h2, self.tmp, self.enabled = proto, client_h2, tmp, set(enabled)
        self.next_upstream = os.environ.get("NGINX_NEXT_UPSTREAM", "off")
        self.cfg = os.path.join(tmp, "nginx.conf")
        self.write()
        self.proc = subprocess.Popen(["nginx", "-p", tmp, "-c", self.cfg, "-g", "daemon off;"],
                                     stdout=open(os.path.join(tmp, "nginx.out"), "w"), stderr=subprocess.STDOUT)
        wait_port(BASE_PORT)

    def write(self):
        servers = "\n".join(f"    server 127.0.0.1:{BASE_PORT + 10 + 10 * s} max_fails=1 fail_timeout=10s;"
                            for s in sorted(self.enabled))
        listen = f"127.0.0.1:{BASE_PORT}" + (" http2" if self.client_h2 else "")
        with open(self.cfg, "w") as f:
            f.write(f"""worker_processes 1;
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  upstream be {{
{servers}
    keepalive 64;
  }}
  server {{
    listen {listen};
    keepalive_requests 1000000;
    location / {{
      proxy_pass http://be;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream {self.next_upstream};
    }}
  }}
}}
""")

    def reload(self):
        self.write()
        self.proc.send_signal(signal.SIGHUP)

    def add(self, slot):
        self.enabled.add(slot)
        self.reload()

    def remove(self, slot):
        self.enabled.discard(slot)
        self.reload()

    def routable(self, slot):
        return slot in self.enabled

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wait_port(port, bound=10):
    deadline = now() + bound
    while now() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class Load:
    """h2load at a constant rate: CLIENTS keep-alive connections, each --rps RATE/CLIENTS; every request logged."""

    def __init__(self, rate, proto, tmp, bound):
        self.rate = rate
        # h2load holds --rps per connection only while a response comes back within 1/rps (HTTP/1.1 has one
        # request in flight per connection): 10 req/s per connection leaves 100 ms, on a loaded machine too.
        clients = max(1, min(200, rate // 10))
        while rate % clients:
            clients -= 1
        self.logfile = os.path.join(tmp, "requests.tsv")
        args = ["h2load", "-c", str(clients), "--rps", str(rate // clients), "-D", str(bound),
                f"--log-file={self.logfile}", f"http://127.0.0.1:{BASE_PORT}/orders"]
        args[1:1] = ["--h1"] if proto == "h1" else ["-m", "16"]
        self.out = open(os.path.join(tmp, "h2load.out"), "w")
        self.started = now()
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT)

    def stop(self):
        """Ends the run early: h2load has no clean stop before -D, so the last buffered rows (the tail after the
        last exit, which no figure uses) may be missing from the log."""
        self.stopped = now()
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait()
        self.out.close()
        records = []
        with open(self.logfile) as f:
            for row in f:
                cols = row.split("\t")
                if len(cols) >= 3:
                    records.append((int(cols[0]) / 1e6, int(cols[1]), int(cols[2]) / 1e6))
        return records


class HeyLoad:
    """hey (HTTP/1.1 keep-alive only: its -h2 needs TLS) at a constant rate: RATE/2 connections at 2 req/s each (a
    worker waits for its next tick after each answer and skips the ticks it missed: 500 ms of slack per request).
    One hey's workers tick in step, so the load is split over up to 20 hey processes started a 20th of a tick
    apart: a smooth rate instead of one burst per tick. hey stops cleanly on SIGINT; its CSV lists every answered
    request (status and offset since its start); requests that got no answer at all are only counted in its
    summary, which CSV mode does not print."""

    PERIOD = 0.5  # seconds between two requests of one connection

    def __init__(self, rate, proto, tmp, bound):
        if proto != "h1":
            raise ValueError("hey speaks HTTP/2 over TLS only: use LOADGEN=h2load for PROTO=h2")
        workers = max(1, round(rate * self.PERIOD))
        procs = max(1, min(20, workers))
        self.runs = []  # (start time, log file, output, process)
        base = now()
        for i in range(procs):
            # start at phase i/procs of the tick; a start that is late (a slow fork) waits for its next phase
            target = base + i * self.PERIOD / procs
            while target < now():
                target += self.PERIOD
            time.sleep(target - now())
            n = workers // procs + (1 if i < workers % procs else 0)
            logfile = os.path.join(tmp, f"requests-{i}.csv")
            out = open(logfile, "w")
            started = now()
            proc = subprocess.Popen(["hey", "-c", str(n), "-q", str(rate / workers), "-z", f"{bound}s", "-t", "20",
                                     "-o", "csv", f"http://127.0.0.1:{BASE_PORT}/orders"],
                                    stdout=out, stderr=subprocess.STDOUT)
            self.runs.append((started, logfile, out, proc))

    def procs(self):
        return [run[3] for run in self.runs]

    def stop(self):
        for _, _, _, proc in self.runs:
            proc.send_signal(signal.SIGINT)
        records = []
        for started, logfile, out, proc in self.runs:
            proc.wait()
            out.close()
            with open(logfile) as f:
                for row in f:
                    cols = row.strip().split(",")
                    if len(cols) == 8 and cols[0][0].isdigit():
                        latency, status, offset = float(cols[0]), int(cols[6]), float(cols[7])
                        records.append((started + offset, status, latency))
        records.sort()
        return records


def terminate(replica, proxy, a, removal):
    """What the kubelet and the endpoint controller do to one pod, concurrently."""
    t0 = now()
    replica.events["termination"] = t0
    sigterm_at = t0 + (a.lag + a.margin if replica.peer.prestop == "sleep" else 0)
    if replica.peer.prestop not in (None, "sleep"):  # preStop httpGet: SIGTERM when the GET has answered
        sigterm_at = float("inf")

        def prestop():
            replica.probe(replica.peer.prestop, timeout=a.grace)
            replica.events["prestop_answered"] = now()
        threading.Thread(target=prestop, daemon=True).start()
    removal_at = t0 + a.lag if removal == "api" else None
    kill_at = t0 + a.grace
    while replica.proc.poll() is None:
        t = now()
        if "sigterm" not in replica.events and (t >= sigterm_at or "prestop_answered" in replica.events):
            replica.events["sigterm"] = now()
            replica.signal(signal.SIGTERM)
        if removal_at is not None and "removed" not in replica.events and t >= removal_at:
            proxy.remove(replica.slot)
            replica.events["removed"] = now()
        if t >= kill_at:
            replica.events["sigkill"] = now()
            replica.signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    replica.proc.wait()
    while "exit" not in replica.events:
        time.sleep(0.005)
    if removal_at is not None and "removed" not in replica.events:
        time.sleep(max(0, removal_at - now()))  # exited before the lag ran out: the proxy routes to it until then
        proxy.remove(replica.slot)
        replica.events["removed"] = now()


def count_reasons(failed):
    reasons = {}
    for r in failed:
        key = "no answer" if r[1] <= 0 else str(r[1])
        reasons[key] = reasons.get(key, 0) + 1
    return reasons


def run(peer, scenario, rate, proto, proxy_cls, removal, a, out):
    tmp = tempfile.mkdtemp(prefix="pid1-bench-")
    replicas, proxy, load, burners = [], None, None, []
    stop = threading.Event()
    result = {"peer": peer.name, "scenario": scenario, "rate": rate, "proto": proto, "proxy": proxy_cls.name,
              "removal": removal, "lag": a.lag, "margin": a.margin, "grace": a.grace,
              "loadavg": os.getloadavg()}
    try:
        old = [Replica(peer, s, proto, a, tmp) for s in (0, 1)]
        replicas += old
        for r in old:
            if not r.wait_ready(a.startup):
                raise RuntimeError(f"{peer.name} slot {r.slot} not ready within {a.startup} s (log in {tmp})")
        loadgen = a.loadgen if a.loadgen != "auto" else "hey"
        client_h2 = loadgen == "h2load" and proto == "h2"
        result["loadgen"], result["client_proto"] = loadgen, "h2" if client_h2 else "h1"
        proxy = proxy_cls(proto, client_h2, removal, peer, range(4), [0, 1], tmp)
        deadline = now() + 10
        while not all(proxy.routable(s) for s in (0, 1)) and now() < deadline:
            time.sleep(0.1)
        for r in old:
            r.watch_readiness(stop)
        # BURN: busy loops at the bench's own priority, an overloaded node (every process on it starved alike)
        burners = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(a.burn)]
        result["burn"] = a.burn
        load = (HeyLoad if loadgen == "hey" else Load)(rate, "h2" if client_h2 else "h1", tmp, a.bound)
        time.sleep(a.warmup)
        terminated = []
        if scenario == "terminate":
            terminated = [old[0]]
            terminate(old[0], proxy, a, removal)
        else:  # rolling update, maxSurge 1, maxUnavailable 0: new pod ready and routed before an old one goes
            threads = []
            for k, victim in enumerate(old):
                fresh = Replica(peer, 2 + k, proto, a, tmp)
                replicas.append(fresh)
                if not fresh.wait_ready(a.startup):
                    raise RuntimeError(f"{peer.name} slot {fresh.slot} not ready within {a.startup} s (log in {tmp})")
                proxy.add(fresh.slot)
                deadline = now() + 10
                while not proxy.routable(fresh.slot) and now() < deadline:
                    time.sleep(0.05)
                fresh.events["routed"] = now()
                terminated.append(victim)
                t = threading.Thread(target=terminate, args=(victim, proxy, a, removal))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
        time.sleep(a.tail)
        records = load.stop()
        result["logs"] = tmp
        load = None
        stop.set()
        t_zero = terminated[0].events["termination"]
        window = (min(r[0] for r in records), max(r[0] for r in records)) if records else (0, 0)
        failed = [r for r in records if not 200 <= r[1] < 300]
        reasons = count_reasons(failed)
        result.update({
            "requests": len(records), "failed": len(failed), "failure_reasons": reasons,
            # failures before the first termination have nothing to do with shutdown: the steady state's own
            "failed_before_termination": sum(1 for r in failed if r[0] < t_zero),
            "requests_after": sum(1 for r in records if r[0] >= t_zero),
            "failed_after": sum(1 for r in failed if r[0] >= t_zero),
            "failure_reasons_after": count_reasons(r for r in failed if r[0] >= t_zero),
            "achieved_rate": len(records) / (window[1] - window[0]) if window[1] > window[0] else 0,
            "terminated": [{
                "slot": r.slot, "exit_code": r.exit_code,
                "events": {k: v - t_zero for k, v in r.events.items()},
                "readiness": [(t - t_zero, s) for t, s in r.readiness],
                "sigterm_to_exit": r.events["exit"] - r.events["sigterm"] if "sigterm" in r.events else None,
                "termination_to_exit": r.events["exit"] - r.events["termination"],
            } for r in terminated],
            "added": [{"slot": r.slot, "events": {k: v - t_zero for k, v in r.events.items()}}
                      for r in replicas if r.slot >= 2],
            "timeline": [(round(r[0] - t_zero, 4), 1 if 200 <= r[1] < 300 else 0) for r in records],
        })
    finally:
        stop.set()
        for burner in burners:
            burner.kill()
            burner.wait()
        if load is not None:
            for proc in getattr(load, "procs", lambda: [load.proc])():
                proc.kill()
                proc.wait()
        for r in replicas:
            r.kill()
        if proxy is not None:
            proxy.stop()
        # What each terminated replica said about its shutdown (pid1's timeline: how the drain ended), kept with
        # the figures, so that a run that lost requests can be explained after its logs are gone.
        if "terminated" in result:
            for entry in result["terminated"]:
                path = os.path.join(tmp, f"{peer.name}-s{entry['slot']}.log")
                try:
                    with open(path, errors="replace") as f:
                        entry["shutdown_log"] = [line.rstrip() for line in f
                                                 if "pid1" in line and ("shutdown" in line or "drain" in line
                                                                        or line.startswith("  "))][-40:]
                except OSError:
                    pass
    name = f"{proxy_cls.name}-{removal}-{scenario}-{proto}-{rate}-{peer.name}"
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(result, f)
    if not a.keep:
        subprocess.run(["rm", "-rf", tmp])
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--peers", default="spring spring-prestop quarkus lightship pid1")
    p.add_argument("--scenarios", default="terminate rolling")
    p.add_argument("--rates", default="200 1000")
    p.add_argument("--protos", default="h1 h2")
    p.add_argument("--proxies", default="haproxy")
    p.add_argument("--removal", default="api", help="api: runtime API / reload LAG s after termination; checks: "
                   "the proxy's own readiness checks (HAProxy) or passive checks (nginx)")
    p.add_argument("--lag", type=float, default=3.0)
    p.add_argument("--margin", type=float, default=1.0, help="preStop sleep and shutdown delays are LAG + MARGIN")
    p.add_argument("--grace", type=float, default=30.0)
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--tail", type=float, default=3.0)
    p.add_argument("--startup", type=float, default=60.0)
    p.add_argument("--bound", type=int, default=300, help="h2load's -D: an upper bound, the run stops it earlier")
    p.add_argument("--java", default="java")
    p.add_argument("--loadgen", default="auto", help="hey (HTTP/1.1 keep-alive from the client to the proxy: it "
                   "stops cleanly and logs every answer; auto) or h2load (HTTP/2 end to end with PROTO=h2)")
    p.add_argument("--keep", action="store_true", help="keep the logs of each run (printed)")
    p.add_argument("--burn", type=int, default=0, help="busy loops running beside the load: an overloaded node")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    proxies = {"haproxy": HAProxy, "nginx": Nginx}
    for proxy_name in a.proxies.split():
        for scenario in a.scenarios.split():
            for proto in a.protos.split():
                for rate in map(int, a.rates.split()):
                    for peer_name in a.peers.split():
                        try:
                            r = run(PEERS[peer_name], scenario, rate, proto, proxies[proxy_name], a.removal, a, a.out)
                        except RuntimeError as ex:  # one run that cannot start does not end the others
                            print(f"{proxy_name} {a.removal} {scenario} {proto} {rate}/s {peer_name}: not run: {ex}",
                                  flush=True)
                            continue
                        t = r["terminated"]
                        print(f"{proxy_name} {a.removal} {scenario} {proto} {rate}/s {peer_name}: "
                              f"{r['failed_after']} failed of {r['requests_after']} from the termination on "
                              f"({r['failure_reasons_after']}; before it {r['failed_before_termination']}), "
                              f"achieved {r['achieved_rate']:.0f}/s, SIGTERM->exit "
                              + ", ".join(f"{x['sigterm_to_exit']:.2f} s" for x in t)
                              + ", exit " + ", ".join(str(x["exit_code"]) for x in t)
                              + f", load {r['loadavg'][0]:.1f}"
                              + (f", logs in {r['logs']}" if a.keep and "logs" in r else ""), flush=True)


if __name__ == "__main__":
    main()
