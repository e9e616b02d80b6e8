#!/usr/bin/env python3
"""Synchronous data-parallel SGD of scratchnet's network on paper and in a simulation: the time of
one step as a function of the tasks (2-256), the batch, the model's size and the network.

  python3 jobs/bench/sync_scale_model.py [--out jobs/bench/sync_scale_model.png] [--steps 2000] [--seed 0]

The model (figures in jobs/bench/README.md, "Scale on paper"), for n tasks, a mini-batch of B
images (B/n per task), M parameters (4M bytes), a network of bandwidth BW and latency L:

  compute(b)   = a*M + g*b*M                 the gradient of b images plus the per-step work on every
                                             parameter (flatten, add, read back, update, finite check)
  exchange(n)  = L + 4M/BW + o               n = 2: the whole part to the other task, one trip
               = 2 * (L + 4M(n-1)/(n BW) + o(n-1))
                                             n > 2: reduce-scatter then all-gather (StepSum); o is
                                             the cost of one message (a system call, a copy)
  step(n)      = max over tasks of compute(B/n) * jitter + exchange(n)

jitter is each task's own slowness at each step (lognormal, spread s): the lock-step cost, since
every step waits for the slowest task. The simulation draws it per task and step; the "paper" curve
uses the mean. Calibrated on this machine (local[2], idle, jobs/bench/README.md): a task computing
0.23 ms per step at 50 images, 0.02 ms of it per-parameter work; the exchange of 181 KB over loopback
0.10 ms; the lock-step rest of a step at two tasks 0.2 ms, which s = 0.35 reproduces.

Writes an SVG and, through rsvg-convert (Debian's librsvg2-bin) when present, a PNG beside it;
prints the table.
"""
import argparse
import math
import shutil
import subprocess

import numpy as np

M_BOOK = 45_360
# calibration (seconds): per-parameter-per-step work and per-image-per-parameter gradient work
A = 0.02e-3 / M_BOOK
G = (0.23e-3 - 0.02e-3) / (50 * M_BOOK)
MESSAGE_COST = 5e-6
JITTER = 0.35
NETWORKS = {
    "loopback (calibration)": (2.3e9 * 8, 20e-6),
    "10 Gbit/s, 0.1 ms": (10e9, 0.1e-3),
    "10 Gbit/s, 1 ms": (10e9, 1e-3),
    "1 Gbit/s, 0.1 ms": (1e9, 0.1e-3),
    "1 Gbit/s, 1 ms": (1e9, 1e-3),
}
TASKS = [1, 2, 4, 8, 16, 32, 64, 128, 256]


def compute(b, m):
    return A * m + G * b * m


def exchange(n, m, bits_per_s, latency):
    if n == 1:
        return 0.0
    bw = bits_per_s / 8
    if n == 2:
        return latency + 4 * m / bw + MESSAGE_COST
    return 2 * (latency + 4 * m * (n - 1) / (n * bw) + MESSAGE_COST * (n - 1))


def paper(n, batch, m, net):
    bits, lat = NETWORKS[net]
    return compute(batch / n, m) + exchange(n, m, bits, lat)


def simulated(n, batch, m, net, steps, rng):
    bits, lat = NETWORKS[net]
    # each task's slowness at each step; the mean of the lognormal is 1
    jitter = rng.lognormal(-JITTER ** 2 / 2, JITTER, size=(steps, n))
    return float(np.mean(compute(batch / n, m) * jitter.max(axis=1))) + exchange(n, m, bits, lat)


def svg(series, path, title):
    w, h, left, right, top, bottom = 900, 560, 80, 250, 40, 60
    xs = [math.log2(n) for n in TASKS]
    all_y = [v for _, ys in series for v in ys]
    lo, hi = math.log10(min(all_y)), math.log10(max(all_y))
    lo, hi = math.floor(lo), math.ceil(hi)

    def px(x):
        return left + (x - xs[0]) / (xs[-1] - xs[0]) * (w - left - right)

    def py(y):
        return top + (hi - math.log10(y)) / (hi - lo) * (h - top - bottom)

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="24" font-size="15">{title}</text>']
    for e in range(lo, hi + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - right}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{10 ** e * 1e3:g} ms</text>')
    for n, x in zip(TASKS, xs):
        out.append(f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{h - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 18}" text-anchor="middle">{n}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 18}" text-anchor="middle">tasks</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" fill="none" stroke="black"/>')
    for i, (name, ys) in enumerate(series):
        c = colours[i % len(colours)]
        dash = ' stroke-dasharray="6,4"' if "batch 100 " in name else ""
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"{dash}/>')
        ly = top + 14 + 18 * i
        out.append(f'<line x1="{w - right + 10}" y1="{ly - 4}" x2="{w - right + 34}" y2="{ly - 4}" stroke="{c}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{w - right + 40}" y="{ly}">{name}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="jobs/bench/sync_scale_model.png")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    cases = [(100, M_BOOK), (100 * 64, M_BOOK), (100, 100 * M_BOOK)]
    print("| network | batch | parameters | " + " | ".join(f"{n} tasks" for n in TASKS) + " |")
    print("|---|---|---|" + "---|" * len(TASKS))
    series = []
    for batch, m in cases:
        for net in NETWORKS:
            sim = [simulated(n, batch, m, net, args.steps, rng) for n in TASKS]
            pap = [paper(n, batch, m, net) for n in TASKS]
            cells = " | ".join(f"{s * 1e3:.3g} ({p * 1e3:.3g})" for s, p in zip(sim, pap))
            print(f"| {net} | {batch} | {m:,} | {cells} |")
            if m == M_BOOK and net != "loopback (calibration)":
                series.append((f"{net}, batch {batch} ", sim))
    print("ms per step, simulated (on paper, without the lock-step wait); 1 task: no exchange")
    svg_path = args.out.rsplit(".", 1)[0] + ".svg"
    svg(series, svg_path, "One step of synchronous SGD, 784-50-100-10 (simulated; dashed: batch 100, solid: 6,400)")
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-o", args.out, svg_path], check=True)
        print("wrote", args.out)
    else:
        print("wrote", svg_path, "(no rsvg-convert, Debian's librsvg2-bin, for the PNG)")


if __name__ == "__main__":
    main()
