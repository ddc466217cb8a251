#!/usr/bin/env python3
"""Compare the rankings of the same sweep run with seeding = paired and = independent.

    scripts/compare-seeding.py OUT_PAIRED OUT_INDEPENDENT

Reads each OUT's results.jsonl (final test accuracy per trial) and ranking.json (the intervals the
ranking printed) and prints, per run: every grid point's seed-to-seed standard deviation; for
every point against that run's best, the half-width of the paired-difference 95% interval the
ranking shows, and the standard error of the difference two ways on the same numbers: paired
(sd of the per-repeat differences / sqrt R) and as if unpaired (sqrt(s1^2/R + s2^2/R)); and the
correlation of the per-repeat accuracies with the best's. Pairing helps when that correlation is
positive: the paired standard error is sqrt(1 - rho) of the unpaired one for equal variances.
"""
import json
import math
import sys
from collections import defaultdict


def load(out):
    acc = defaultdict(dict)
    label = {}
    with open(f"{out}/results.jsonl") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if r["status"] == "COMPLETED":
                acc[r["grid_point"]][r["repeat"]] = float(r["final_accuracy"])
                label[r["grid_point"]] = r["label"]
    with open(f"{out}/ranking.json") as f:
        ranking = json.load(f)
    return acc, label, ranking


def sd(xs):
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def corr(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def report(name, out):
    acc, label, ranking = load(out)
    points = ranking["grid_points"]
    best = points[0]["grid_point"]
    print(f"== {name} ({out})")
    print(f"{'grid point':55} {'std':>6} {'diff':>7} {'shown ±':>8} {'SE pair':>8} {'SE unp':>8} {'ratio':>6} {'rho':>6} tied")
    stds, ratios, halves = [], [], []
    for p in points:
        g = p["grid_point"]
        xs = [acc[g][r] for r in sorted(acc[g])]
        s = sd(xs)
        stds.append(s)
        if g == best:
            print(f"{label[g][:55]:55} {s:6.4f} {'best':>7}")
            continue
        rs = sorted(set(acc[g]) & set(acc[best]))
        a = [acc[g][r] for r in rs]
        b = [acc[best][r] for r in rs]
        d = [x - y for x, y in zip(a, b)]
        n = len(d)
        se_pair = sd(d) / math.sqrt(n)
        se_unp = math.sqrt(sd(a) ** 2 / n + sd(b) ** 2 / n)
        half = (p["diff_ci95_high"] - p["diff_ci95_low"]) / 2
        halves.append(half)
        ratios.append(se_pair / se_unp)
        print(f"{label[g][:55]:55} {s:6.4f} {p['diff_vs_best']:7.4f} {half:8.4f} {se_pair:8.4f} {se_unp:8.4f}"
              f" {se_pair / se_unp:6.2f} {corr(a, b):6.2f} {p['tied_with_best']}")
    print(f"mean seed-to-seed std {sum(stds) / len(stds):.4f}; mean shown diff half-width"
          f" {sum(halves) / len(halves):.4f}; mean SE ratio paired/unpaired {sum(ratios) / len(ratios):.2f}")
    return sum(halves) / len(halves)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    hp = report("paired", sys.argv[1])
    hi = report("independent", sys.argv[2])
    print(f"diff interval half-width, paired / independent: {hp / hi:.2f}")
