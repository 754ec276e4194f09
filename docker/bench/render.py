#!/usr/bin/env python3
"""Renders shutdown benchmark results (lbsim.py JSON files) as a Markdown table and an
SVG timeline: successful and failed requests per second, readiness, SIGTERM and exit.
Python 3 stdlib only.

  render.py --svg OUT.svg --markdown OUT.md RESULT.json...
"""
import argparse
import json
import math
from xml.sax.saxutils import escape

BUCKET = 0.25
ROW_H, PLOT_H, LEFT, RIGHT_PAD, TOP = 96, 60, 210, 20, 50
WIDTH = 980


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--svg", required=True)
    p.add_argument("--markdown", required=True)
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    results = [json.load(open(f)) for f in a.files]
    write_markdown(results, a.markdown)
    write_svg(results, a.svg)


def write_markdown(results, path):
    lines = ["| scenario | failed requests | termination → exit | SIGTERM → exit | exit code | 2 s request in flight |",
             "|---|---|---|---|---|---|"]
    for r in results:
        slow = r.get("slow_request", {})
        slow_text = "completed" if slow.get("ok") else "failed (" + str(slow.get("detail")) + ")"
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(r["failure_reasons"].items()))
        failed = f"{r['failed']} / {r['requests']}" + (f" ({reasons})" if reasons else "")
        lines.append(f"| {r['name']} | {failed} | {r['termination_to_exit']:.2f} s | {r['sigterm_to_exit']:.2f} s "
                     f"| {r['exit_code']} | {slow_text} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_svg(results, path):
    t_min = -2.0
    t_max = max(r["events"]["exit"] for r in results) + 1.0
    plot_w = WIDTH - LEFT - RIGHT_PAD
    peak = 1
    for r in results:
        ok, bad = buckets(r, t_min, t_max)
        peak = max(peak, max(ok + bad) / BUCKET)
    height = TOP + ROW_H * len(results) + 50

    def x(t):
        return LEFT + (t - t_min) / (t_max - t_min) * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="8" y="18" font-size="14" font-weight="bold">Shutdown under constant load, routing goes on '
           f'for a lag after termination starts</text>',
           f'<text x="8" y="34">bars: requests/s by send time (green ok, red failed); band: readiness; '
           f'lines: SIGTERM (blue), routing stops (dashed), exit (black)</text>']
    for i, r in enumerate(results):
        top = TOP + i * ROW_H
        base = top + PLOT_H
        out.append(f'<text x="8" y="{top + 24}" font-weight="bold">{escape(r["name"])}</text>')
        out.append(f'<text x="8" y="{top + 40}">{r["failed"]} failed, exit {r["exit_code"]}</text>')
        out.append(f'<text x="8" y="{top + 56}">exit after {r["termination_to_exit"]:.1f} s</text>')
        out.append(f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#999"/>')
        # readiness band under the axis
        ready = r["timeline"]["readiness"]
        for j, (t, status) in enumerate(ready):
            t_next = ready[j + 1][0] if j + 1 < len(ready) else r["events"]["exit"]
            if t_next < t_min or t > t_max:
                continue
            color = {200: "#7cc47c", 503: "#f0ad4e"}.get(status, "#bbb")
            x0, x1 = x(max(t, t_min)), x(min(t_next, t_max))
            out.append(f'<rect x="{x0:.1f}" y="{base + 3}" width="{max(x1 - x0, 0.5):.1f}" height="6" fill="{color}"/>')
        ok, bad = buckets(r, t_min, t_max)
        bw = plot_w / len(ok)
        for k in range(len(ok)):
            h_ok = ok[k] / BUCKET / peak * (PLOT_H - 6)
            h_bad = bad[k] / BUCKET / peak * (PLOT_H - 6)
            bx = LEFT + k * bw
            if h_ok:
                out.append(f'<rect x="{bx:.1f}" y="{base - h_ok:.1f}" width="{bw - 0.6:.1f}" height="{h_ok:.1f}" fill="#2e8b57"/>')
            if h_bad:
                out.append(f'<rect x="{bx:.1f}" y="{base - h_ok - h_bad:.1f}" width="{bw - 0.6:.1f}" height="{h_bad:.1f}" fill="#d9534f"/>')
        ev = r["events"]
        out.append(line(x(ev["sigterm"]), top + 4, base + 10, "#1f6fd1", ""))
        if "routing_stopped" in ev:
            out.append(line(x(ev["routing_stopped"]), top + 4, base + 10, "#555", ' stroke-dasharray="4 3"'))
        out.append(line(x(ev["exit"]), top + 4, base + 10, "#000", ""))
    axis_y = TOP + ROW_H * len(results) + 5
    t = int(t_min)
    while t <= t_max:
        out.append(f'<line x1="{x(t):.1f}" y1="{axis_y - 5}" x2="{x(t):.1f}" y2="{axis_y}" stroke="#999"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 14}" text-anchor="middle">{t}</text>')
        t += 2
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{axis_y + 32}" text-anchor="middle">seconds since termination '
               f'started (peak {peak:.0f} req/s; readiness band: green 200, orange 503, grey no answer)</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def line(xpos, y1, y2, color, extra):
    return f'<line x1="{xpos:.1f}" y1="{y1}" x2="{xpos:.1f}" y2="{y2}" stroke="{color}" stroke-width="1.5"{extra}/>'


def buckets(r, t_min, t_max):
    n = int((t_max - t_min) / BUCKET) + 1
    ok, bad = [0] * n, [0] * n
    for t, success in r["timeline"]["requests"]:
        k = math.floor((t - t_min) / BUCKET)
        if 0 <= k < n:
            if success:
                ok[k] += 1
            else:
                bad[k] += 1
    return ok, bad


if __name__ == "__main__":
    main()
