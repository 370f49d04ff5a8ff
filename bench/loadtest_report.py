#!/usr/bin/env python3
"""Turns bench/compare.sh's per-step JSON (the load generator's --json) into the Markdown table
of benchmarks/README.md (between the loadtest markers, which it rewrites) and an SVG plot of
server CPU per forwarded packet and loss against the number of viewers. Standard library only."""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import subprocess

BEGIN = "<!-- loadtest:begin (bench/compare.sh regenerates this section) -->"
END = "<!-- loadtest:end -->"
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def step_key(label):
    m = re.match(r"n(\d+)$", label)
    if m:
        return (0, int(m.group(1)))
    m = re.match(r"rooms(\d+)x(\d+)$", label)
    return (1, int(m.group(1)) * int(m.group(2))) if m else (2, 0)


def step_name(label):
    m = re.match(r"n(\d+)$", label)
    if m:
        return "1 × (1 + %s)" % m.group(1)
    m = re.match(r"rooms(\d+)x(\d+)$", label)
    return "%s × (1 + %s)" % (m.group(1), m.group(2)) if m else label


def load(out, servers):
    runs = {}
    for s in servers:
        for f in glob.glob(os.path.join(out, s + "-*.json")):
            label = os.path.basename(f)[len(s) + 1:-5]
            with open(f) as fh:
                runs[(s, label)] = json.load(fh)
    return runs


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            mem = "%.0f GB" % (int(fh.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return "%d cores (%s), %s RAM, %s, %s" % (os.cpu_count(), cpu, mem, platform.platform(terse=True),
                                           java[0] if java else "java ?")


def fmt(v, digits=1):
    return "–" if v is None or (isinstance(v, float) and (math.isnan(v) or v < 0)) else ("%.*f" % (digits, v))


def table(runs, servers, out, duration):
    labels = sorted({l for (_, l) in runs}, key=step_key)
    lines = []
    for s in servers:
        d = os.path.join(out, s + ".describe")
        if os.path.exists(d):
            lines.append("- **%s**: %s" % (s, open(d).read().strip()))
    lines.append("")
    lines.append("| server | rooms × (presenter + viewers) | viewers connected | forwarded pkt/s | server CPU | "
                 "CPU µs / forwarded pkt | loss % | added delay p50 / p99 / max (ms) | server RSS MB | server threads |"
                 " generator CPU | load avg |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label in labels:
        for s in servers:
            r = runs.get((s, label))
            if r is None:
                continue
            w = r["windowSeconds"] or duration
            cpu = r["serverCpuSeconds"]
            d = r["delayUs"]
            load_file = os.path.join(out, "%s-%s.load" % (s, label))
            load = open(load_file).read().strip() if os.path.exists(load_file) else "–"
            lines.append("| %s | %s | %d / %d | %s | %s | %s | %s | %s / %s / %s | %s | %s | %s | %s |" % (
                s, step_name(label), r["viewersConnected"], r["viewersAsked"],
                "{:,.0f}".format(r["viewerPacketsPerSecond"]),
                fmt(100 * cpu / w, 0) + " %" if cpu >= 0 else "–",
                fmt(r["serverCpuUsPerPacket"], 1), fmt(r["lossPercent"], 3),
                fmt(d["p50"] / 1000, 2), fmt(d["p99"] / 1000, 1), fmt(d["max"] / 1000, 0),
                fmt(r["serverRssKb"] / 1024, 0) if r["serverRssKb"] >= 0 else "–",
                r["serverThreads"] if r["serverThreads"] >= 0 else "–",
                fmt(100 * r["generatorCpuSeconds"] / w, 0) + " %", load))
    for b in servers[1:]:
        a = servers[0]
        lines.append("")
        lines.append("CPU per forwarded packet, %s / %s:" % (a, b))
        lines.append("")
        lines.append("| step | %s µs | %s µs | ratio |" % (a, b))
        lines.append("|---|---|---|---|")
        for label in labels:
            ra, rb = runs.get((a, label)), runs.get((b, label))
            if ra and rb and ra["serverCpuUsPerPacket"] > 0 and rb["serverCpuUsPerPacket"] > 0:
                lines.append("| %s | %.1f | %.1f | %.2f× |" % (step_name(label), ra["serverCpuUsPerPacket"],
                                                             rb["serverCpuUsPerPacket"],
                                                             ra["serverCpuUsPerPacket"] / rb["serverCpuUsPerPacket"]))
    return lines


def svg(runs, servers, path):
    """Two panels against N (log scale): CPU µs per forwarded packet, and loss %."""
    width, height, pad = 760, 300, 60
    panel_w = (width - 3 * pad) / 2
    series = {}
    for (s, label), r in runs.items():
        k = step_key(label)
        if k[0] != 0 or s not in servers:
            continue
        series.setdefault(s, []).append((k[1], r["serverCpuUsPerPacket"], r["lossPercent"]))
    ns = sorted({p[0] for v in series.values() for p in v}) or [1, 10]
    x_min, x_max = math.log10(min(ns)), math.log10(max(ns)) if max(ns) > min(ns) else math.log10(min(ns)) + 1
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
             % (width, height), '<rect width="100%" height="100%" fill="white"/>']

    def panel(x0, title, idx, unit):
        vals = [p[idx] for v in series.values() for p in v if p[idx] is not None and p[idx] >= 0]
        y_max = max(vals) * 1.15 if vals and max(vals) > 0 else 1
        top, bottom = pad / 2 + 10, height - pad
        parts.append('<text x="%.0f" y="%.0f" font-size="13">%s</text>' % (x0, top - 8, title))
        parts.append('<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>' % (x0, bottom, x0 + panel_w, bottom))
        parts.append('<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>' % (x0, top, x0, bottom))
        for i in range(5):
            y = bottom - (bottom - top) * i / 4
            parts.append('<text x="%.0f" y="%.0f" text-anchor="end">%s</text>' % (x0 - 4, y + 4, "%.3g" % (y_max * i / 4)))
            parts.append('<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#ddd"/>' % (x0, y, x0 + panel_w, y))

        def xp(n):
            return x0 + (math.log10(n) - x_min) / ((x_max - x_min) or 1) * panel_w

        for n in ns:
            parts.append('<text x="%.0f" y="%.0f" text-anchor="middle">%d</text>' % (xp(n), bottom + 14, n))
        parts.append('<text x="%.0f" y="%.0f" text-anchor="middle">viewers of one presenter (%s)</text>'
                     % (x0 + panel_w / 2, bottom + 30, unit))
        for i, s in enumerate(servers):
            pts = sorted((q[0], q[idx]) for q in series.get(s, []) if q[idx] is not None and q[idx] >= 0)
            coords = [(xp(n), bottom - (bottom - top) * v / y_max) for n, v in pts]
            if coords:
                parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                             % (COLORS[i % 4], " ".join("%.1f,%.1f" % c for c in coords)))
                for c in coords:
                    parts.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (c[0], c[1], COLORS[i % 4]))
            parts.append('<text x="%.0f" y="%.0f" fill="%s">%s</text>' % (x0 + panel_w - 60, top + 14 * (i + 1),
                                                                           COLORS[i % 4], s))

    panel(pad, "server CPU per forwarded packet (µs)", 1, "log scale")
    panel(2 * pad + panel_w, "loss (%)", 2, "log scale")
    parts.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--servers", required=True)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--svg", required=True)
    a = ap.parse_args()
    servers = a.servers.split()
    runs = load(a.out, servers)
    if not runs:
        raise SystemExit("loadtest_report.py: no results in " + a.out)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    head = [BEGIN, "",
            "Measured by `bench/compare.sh` on %s UTC, commit %s%s; %s. Generator and servers on the same machine, "
            "in one loopback-only network namespace; %.0f s measured per step after every client joined; 1 presenter "
            "per room replays the fixture (720p VP8 ~1.5 Mbit/s + Opus, loadtest/src/main/resources/fixture). "
            "Forwarded pkt/s: RTP packets the viewers received per second; CPU µs per forwarded packet = server "
            "CPU-seconds (/proc utime+stime) ÷ forwarded packets ×10⁶; added delay: presenter send → viewer receive; "
            "load avg: the machine's 1-minute load average at the step's end (other work on the machine shows there)."
            % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), commit or "?", " (with local changes)" if dirty else "",
               machine(), a.duration),
            "", "![server CPU per forwarded packet and loss against viewers](loadtest.svg)", ""]
    body = head + table(runs, servers, a.out, a.duration) + ["", END]
    text = open(a.readme).read() if os.path.exists(a.readme) else "# benchmarks\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + "\n".join(body) + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Load generator: forwarding at scale\n\n" + "\n".join(body) + "\n"
    with open(a.readme, "w") as fh:
        fh.write(text)
    svg(runs, servers, a.svg)
    print("\n".join(table(runs, servers, a.out, a.duration)))


if __name__ == "__main__":
    main()
