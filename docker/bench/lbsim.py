#!/usr/bin/env python3
"""A small load-balancer simulator for shutdown benchmarks (Python 3 stdlib only).

Runs an app as PID 1 of a fresh PID namespace, sends it constant-rate HTTP load on
127.0.0.1 through a pool of keep-alive connections (as a proxy does), then terminates it
the way Kubernetes does: SIGTERM (optionally after a preStop step), while routing goes
on for a lag (endpoint removal propagating to kube-proxy), then stops; SIGKILL at the end
of the grace period. Records every request, the readiness probe and the exit.

  lbsim.py --name NAME --port P --management-port M [options] -- COMMAND...

Writes one JSON object with the results to --out.
"""
import argparse
import http.client
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time


def now():
    return time.monotonic()


class Load:
    def __init__(self, port, path, rate, workers):
        self.port, self.path, self.period = port, path, 1.0 / rate
        self.tickets = queue.Queue()
        self.records = []  # (sent, done, ok, detail)
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.worker, daemon=True) for _ in range(workers)]
        self.dispatcher = threading.Thread(target=self.dispatch, daemon=True)

    def start(self):
        for t in self.threads:
            t.start()
        self.dispatcher.start()

    def dispatch(self):
        nxt = now()
        while self.running:
            self.tickets.put(nxt)
            nxt += self.period
            delay = nxt - now()
            if delay > 0:
                time.sleep(delay)

    def worker(self):
        conn = None
        while True:
            sent = self.tickets.get()
            if sent is None:
                return
            ok, detail = False, ""
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", self.path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                detail = str(resp.status)
                if resp.will_close:
                    conn.close()
                    conn = None
            except Exception as ex:  # refused, reset, timeout: a failed request
                detail = type(ex).__name__
                if conn is not None:
                    conn.close()
                conn = None
            with self.lock:
                self.records.append((sent, now(), ok, detail))

    def stop(self):
        self.running = False
        self.dispatcher.join()
        for _ in self.threads:
            self.tickets.put(None)
        for t in self.threads:
            t.join(timeout=15)


def probe(port, path):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except Exception:
        return 0


def init_pid(unshare_pid):
    for _ in range(200):
        try:
            with open(f"/proc/{unshare_pid}/task/{unshare_pid}/children") as f:
                kids = f.read().split()
            if kids:
                return int(kids[0])
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit("no PID 1 in the namespace")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--management-port", type=int, required=True)
    p.add_argument("--path", default="/orders")
    p.add_argument("--slow-path", default="/orders/report?millis=2000")
    p.add_argument("--readiness-path", default="/actuator/health/readiness")
    p.add_argument("--rate", type=float, default=100)
    p.add_argument("--workers", type=int, default=16)
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--lag", type=float, default=3, help="routing goes on this long after termination starts")
    p.add_argument("--prestop-sleep", type=float, default=0, help="a preStop sleep before SIGTERM")
    p.add_argument("--prestop-get", default=None, help="a preStop httpGet path on the management port")
    p.add_argument("--grace", type=float, default=30, help="SIGKILL this long after termination starts")
    p.add_argument("--out", required=True)
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args()
    command = a.command[1:] if a.command and a.command[0] == "--" else a.command

    log = open(a.out + ".log", "w")
    proc = subprocess.Popen(["unshare", "--fork", "--pid", "--mount-proc"] + command, stdout=log, stderr=subprocess.STDOUT)
    pid1 = init_pid(proc.pid)
    started = now()
    while probe(a.management_port, a.readiness_path) != 200:
        if proc.poll() is not None or now() - started > 120:
            raise SystemExit(f"{a.name}: app did not become ready, see {a.out}.log")
        time.sleep(0.1)
    for _ in range(20):  # warm the path up a little, as a live service would be
        probe(a.port, a.path)

    readiness = []
    probing = [True]

    def poll_readiness():
        while probing[0]:
            readiness.append((now(), probe(a.management_port, a.readiness_path)))
            time.sleep(0.1)

    load = Load(a.port, a.path, a.rate, a.workers)
    load.start()
    prober = threading.Thread(target=poll_readiness, daemon=True)
    prober.start()
    time.sleep(a.warmup - 0.5)
    slow = {}

    def slow_request():
        t = now()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
            conn.request("GET", a.slow_path)
            r = conn.getresponse()
            r.read()
            slow.update(ok=r.status == 200, detail=str(r.status), took=now() - t)
        except Exception as ex:
            slow.update(ok=False, detail=type(ex).__name__, took=now() - t)

    slow_thread = threading.Thread(target=slow_request, daemon=True)
    slow_thread.start()
    time.sleep(0.5)

    t0 = now()  # termination starts: endpoint removal and preStop/SIGTERM run concurrently
    events = {"termination": 0.0}
    stopper = threading.Timer(a.lag, lambda: (load.stop(), events.__setitem__("routing_stopped", now() - t0)))
    stopper.start()
    def sigkill():
        if proc.poll() is None:
            events["sigkill"] = now() - t0
            os.kill(pid1, signal.SIGKILL)

    killer = threading.Timer(a.grace, sigkill)
    killer.start()
    if a.prestop_sleep:
        time.sleep(a.prestop_sleep)
    if a.prestop_get:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", a.management_port, timeout=a.grace)
            conn.request("GET", a.prestop_get)
            conn.getresponse().read()
        except Exception:
            pass
        events["prestop_returned"] = now() - t0
    sigterm = now()
    events["sigterm"] = sigterm - t0
    try:
        os.kill(pid1, signal.SIGTERM)
    except ProcessLookupError:
        pass
    code = proc.wait()
    exited = now()
    killer.cancel()
    events["exit"] = exited - t0
    stopper.join()
    probing[0] = False
    slow_thread.join(timeout=5)
    if code < 0:
        code = 128 - code
    if "sigkill" in events:
        # PID 1 died of SIGKILL at the end of the grace period, whatever unshare reports.
        code = "SIGKILL"
    recs = load.records
    failed = [r for r in recs if not r[2]]
    reasons = {}
    for r in failed:
        reasons[r[3]] = reasons.get(r[3], 0) + 1
    result = {
        "name": a.name,
        "requests": len(recs),
        "failed": len(failed),
        "failure_reasons": reasons,
        "termination_to_exit": round(exited - t0, 2),
        "sigterm_to_exit": round(exited - sigterm, 2),
        "exit_code": code,
        "slow_request": slow,
        "events": {k: round(v, 3) for k, v in events.items()},
        "lag": a.lag,
        "rate": a.rate,
        "timeline": {
            "requests": [(round(s - t0, 3), ok) for (s, d, ok, _) in recs],
            "readiness": [(round(t - t0, 3), st) for (t, st) in readiness],
        },
    }
    with open(a.out, "w") as f:
        json.dump(result, f)
    print(f"{a.name}: {len(failed)}/{len(recs)} failed, termination->exit {exited - t0:.2f} s, "
          f"SIGTERM->exit {exited - sigterm:.2f} s, exit {code}, slow request {slow.get('detail')}")


if __name__ == "__main__":
    main()
