#!/usr/bin/env python3
"""Renders the results of docker/bench/proxybench.py (one JSON file per run) as a Markdown table and an SVG
timeline: answered and failed requests per quarter second, each terminated replica's readiness, its
termination start, SIGTERM, endpoint removal and exit. Python 3 stdlib only.

  render.py --svg OUT.svg --markdown OUT.md RESULT.json...
"""
import argparse
import json
import math
from xml.sax.saxutils import escape

BUCKET = 0.25
ROW_H, PLOT_H, LEFT, RIGHT_PAD, TOP = 100, 56, 230, 20, 76
WIDTH = 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--svg", required=True)
    p.add_argument("--markdown", required=True)
    p.add_argument("--title", default="")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    results = [json.load(open(f)) for f in a.files]
    write_markdown(results, a.markdown, a.title)
    write_svg(results, a.svg, a.title)


def seconds(values):
    return " / ".join("-" if v is None else f"{v:.2f} s" for v in values)


def label(r):
    return f"{r['peer']} ({r['scenario']}, {r['proto']}, {r['rate']}/s)"


def write_markdown(results, path, title):
    lines = []
    if title:
        lines += [title, ""]
    lines += ["| peer | scenario | protocol | proxy, removal | rate (achieved) | failed / requests | "
              "termination → exit | SIGTERM → exit | exit code |",
              "|---|---|---|---|---|---|---|---|---|"]
    # failed / requests counts from the first termination on; failures before it (steady state, no shutdown yet)
    # are given apart: they are the setup's, not the shutdown's
    for r in results:
        t = r["terminated"]
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(r["failure_reasons_after"].items()))
        failed = f"**{r['failed_after']}** / {r['requests_after']}" + (f" ({reasons})" if reasons else "")
        if r["failed_before_termination"]:
            failed += f"; before: {r['failed_before_termination']} / {r['requests'] - r['requests_after']}"
        proto = {"h1": "HTTP/1.1 keep-alive", "h2": "HTTP/2 (h2c upstreams)"}[r["proto"]]
        removal = {"api": f"removal at {r['lag']:g} s", "checks": "own readiness checks"}[r["removal"]]
        lines.append(f"| {r['peer']} | {r['scenario']} | {proto} | {r['proxy']}, {removal} | {r['rate']}/s "
                     f"({r['achieved_rate']:.0f}/s) | {failed} | {seconds(x['termination_to_exit'] for x in t)} | "
                     f"{seconds(x['sigterm_to_exit'] for x in t)} | {' / '.join(exit_code(x) for x in t)} |")
    loads = [r["loadavg"][0] for r in results]
    lines += ["", f"Load average (1 min) at the start of each run: {min(loads):.1f} to {max(loads):.1f}."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def exit_code(victim):
    return "SIGKILL" if "sigkill" in victim["events"] else str(victim["exit_code"])


def write_svg(results, path, title):
    t_min = -2.0
    t_max = max(max(x["events"]["exit"] for x in r["terminated"]) for r in results) + 1.5
    plot_w = WIDTH - LEFT - RIGHT_PAD
    height = TOP + ROW_H * len(results) + 50

    def x(t):
        return LEFT + (min(max(t, t_min), t_max) - t_min) / (t_max - t_min) * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="8" y="18" font-size="14" font-weight="bold">Shutdown under load behind a real proxy</text>',
           f'<text x="8" y="34" fill="#555">{escape(title)}</text>',
           '<text x="8" y="50">bars: requests/s by send time (green answered 2xx, red failed); bands: readiness of '
           'each terminated replica (green 200, orange not ready, grey no answer)</text>',
           '<text x="8" y="64">lines: termination starts (grey dotted), SIGTERM (blue), endpoint removed (dashed), '
           'exit (black), new replica routed (green)</text>']
    for i, r in enumerate(results):
        top = TOP + i * ROW_H
        base = top + PLOT_H
        t = r["terminated"]
        out.append(f'<text x="8" y="{top + 20}" font-weight="bold">{escape(r["peer"])}</text>')
        out.append(f'<text x="8" y="{top + 35}">{escape(r["scenario"])}, {r["proto"]}, {r["rate"]}/s, {r["proxy"]}</text>')
        out.append(f'<text x="8" y="{top + 50}">{r["failed_after"]} failed of {r["requests_after"]}</text>')
        out.append(f'<text x="8" y="{top + 65}">SIGTERM → exit {escape(seconds(x["sigterm_to_exit"] for x in t))}</text>')
        out.append(f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#999"/>')
        for j, victim in enumerate(t):
            band_y = base + 3 + j * 7
            ready = victim["readiness"]
            for k, (start, status) in enumerate(ready):
                end = ready[k + 1][0] if k + 1 < len(ready) else victim["events"]["exit"]
                if end < t_min or start > t_max:
                    continue
                color = "#7cc47c" if status == 200 else ("#bbb" if status == 0 else "#f0ad4e")
                x0, x1 = x(start), x(end)
                out.append(f'<rect x="{x0:.1f}" y="{band_y}" width="{max(x1 - x0, 0.5):.1f}" height="5" fill="{color}"/>')
        ok, bad = buckets(r, t_min, t_max)
        peak = max(1, max(o + b for o, b in zip(ok, bad)) / BUCKET)  # each row on its own scale: its rate
        out.append(f'<text x="{LEFT - 4}" y="{top + 10}" text-anchor="end" fill="#777">{peak:.0f}/s</text>')
        bw = plot_w / len(ok)
        for k in range(len(ok)):
            h_ok = ok[k] / BUCKET / peak * (PLOT_H - 6)
            h_bad = bad[k] / BUCKET / peak * (PLOT_H - 6)
            bx = LEFT + k * bw
            if h_ok:
                out.append(f'<rect x="{bx:.1f}" y="{base - h_ok:.1f}" width="{max(bw - 0.6, 0.4):.1f}" height="{h_ok:.1f}" fill="#2e8b57"/>')
            if h_bad:
                out.append(f'<rect x="{bx:.1f}" y="{base - h_ok - h_bad:.1f}" width="{max(bw - 0.6, 0.4):.1f}" height="{max(h_bad, 1.5):.1f}" fill="#d9534f"/>')
        for victim in t:
            ev = victim["events"]
            out.append(line(x(ev["termination"]), top + 4, base + 16, "#888", ' stroke-dasharray="1 2"'))
            if "sigterm" in ev:
                out.append(line(x(ev["sigterm"]), top + 4, base + 16, "#1f6fd1", ""))
            if "removed" in ev:
                out.append(line(x(ev["removed"]), top + 4, base + 16, "#555", ' stroke-dasharray="4 3"'))
            out.append(line(x(ev["exit"]), top + 4, base + 16, "#000", ""))
        for fresh in r.get("added", []):
            if "routed" in fresh["events"] and fresh["events"]["routed"] >= t_min:
                out.append(line(x(fresh["events"]["routed"]), top + 4, base, "#2e8b57", ""))
    axis_y = TOP + ROW_H * len(results) + 5
    tick = 2 if t_max - t_min <= 30 else 5
    t = math.ceil(t_min / tick) * tick
    while t <= t_max:
        out.append(f'<line x1="{x(t):.1f}" y1="{axis_y - 5}" x2="{x(t):.1f}" y2="{axis_y}" stroke="#999"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 14}" text-anchor="middle">{t}</text>')
        t += tick
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{axis_y + 32}" text-anchor="middle">seconds since the first '
               f'termination started (each row scaled to its own peak, written at its top left)</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def line(xpos, y1, y2, color, extra):
    return f'<line x1="{xpos:.1f}" y1="{y1}" x2="{xpos:.1f}" y2="{y2}" stroke="{color}" stroke-width="1.5"{extra}/>'


def buckets(r, t_min, t_max):
    n = int((t_max - t_min) / BUCKET) + 1
    ok, bad = [0] * n, [0] * n
    for t, success in r["timeline"]:
        k = math.floor((t - t_min) / BUCKET)
        if 0 <= k < n:
            if success:
                ok[k] += 1
            else:
                bad[k] += 1
    return ok, bad


if __name__ == "__main__":
    main()
