#!/usr/bin/env python3
"""Interleaved A/B throughput of MiniVGG: our engine against PyTorch, for scripts/bench-engine.

Starts both as long-lived processes in serve mode (each warms up, then measures only when
told), and measures them in turn in short windows, many times: ours, torch NCHW, torch
channels_last, then the reverse order, round after round. Load from other processes that comes
and goes falls on all three alike, and each round's ratio compares measurements taken seconds
apart. The reference in each round is PyTorch's better memory format.

    interleave.py --java-cmd '...' --torch-cmd '...' [--rounds 12] [--seconds 2]
                  [--threads 2] [--torch-version X]

Prints a Markdown table per round and a summary (median ratios, FLOP-ceiling fraction).
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys

TRAIN_MFLOP_PER_IMAGE = 3 * 2 * 26.579968  # 3 x forward multiply-adds x 2 (MiniVggConfig)


class Server:
    def __init__(self, name, cmd):
        self.name = name
        self.proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit(f"interleave: {name} exited before it was ready ({cmd})")
            if line.strip() == "ready":
                return

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit(f"interleave: {self.name} exited on '{command}'")
        return float(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java-cmd", required=True)
    ap.add_argument("--torch-cmd", required=True)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--threads", default="?")
    ap.add_argument("--torch-version", default="?")
    a = ap.parse_args()

    print(f"interleave: starting both engines ({a.rounds} rounds, {a.seconds} s windows)", file=sys.stderr)
    ours = Server("ours", a.java_cmd)
    torch = Server("torch", a.torch_cmd)
    contestants = [("ours", lambda m: ours.ask(f"{m} {a.seconds}")),
                   ("torch nchw", lambda m: torch.ask(f"{m} nchw {a.seconds}")),
                   ("torch channels_last", lambda m: torch.ask(f"{m} channels_last {a.seconds}"))]
    rows = {"train": [], "infer": []}
    gemm = []
    for mode in ("train", "infer"):
        for r in range(a.rounds):
            order = contestants if r % 2 == 0 else list(reversed(contestants))
            got = {name: ask(mode) for name, ask in order}
            rows[mode].append(got)
            best = max(got["torch nchw"], got["torch channels_last"])
            print(f"interleave: {mode} round {r + 1}: ours {got['ours']:.0f}, torch nchw "
                  f"{got['torch nchw']:.0f}, channels_last {got['torch channels_last']:.0f}, "
                  f"ratio {got['ours'] / best:.2f}", file=sys.stderr)
            if mode == "train" and r % 4 == 0:
                gemm.append(ours.ask(f"gemm {a.seconds}"))
    ours.close()
    torch.close()

    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    print(f"MiniVGG, batch 64, on {cpu} ({os.cpu_count()} cores), {a.threads} threads; "
          f"PyTorch {a.torch_version} on OpenBLAS; {a.rounds} interleaved rounds of {a.seconds} s "
          f"windows; load average at the end {os.getloadavg()[0]:.1f}")
    print()
    summary = {}
    for mode in ("train", "infer"):
        print(f"| {mode} round | ours img/s | PyTorch NCHW | PyTorch channels_last | ours / best PyTorch |")
        print("| --- | --- | --- | --- | --- |")
        ratios = []
        for i, got in enumerate(rows[mode]):
            best = max(got["torch nchw"], got["torch channels_last"])
            ratios.append(got["ours"] / best)
            print(f"| {i + 1} | {got['ours']:.0f} | {got['torch nchw']:.0f} | "
                  f"{got['torch channels_last']:.0f} | {ratios[-1]:.2f} |")
        print()
        med = lambda k: statistics.median(g[k] for g in rows[mode])
        summary[mode] = (statistics.median(ratios), med("ours"), med("torch nchw"),
                         med("torch channels_last"), min(ratios), max(ratios))
    for mode in ("train", "infer"):
        ratio, o, n, c, lo, hi = summary[mode]
        print(f"{mode}: median ratio ours/PyTorch-best {ratio:.2f} (range {lo:.2f}-{hi:.2f}); "
              f"medians: ours {o:.0f}, PyTorch NCHW {n:.0f}, channels_last {c:.0f} img/s")
    g = statistics.median(gemm)
    achieved = summary["train"][1] * TRAIN_MFLOP_PER_IMAGE / 1000
    print(f"FLOP ceiling: training is {TRAIN_MFLOP_PER_IMAGE:.1f} MFLOP per image, so ours "
          f"achieves {achieved:.0f} GFLOP/s = {achieved / g:.0%} of this machine's sgemm rate "
          f"({g:.0f} GFLOP/s, ND4J/OpenBLAS 2048^3, same threads)")


if __name__ == "__main__":
    main()
