#!/usr/bin/env python3
"""Interleaved throughput of the Keras MNIST CNN: our engine against PyTorch, for
scripts/bench-mnist. The protocol of interleave.py (MiniVGG): long-lived servers that measure
only when told, short windows taken in turn (ours, torch NCHW, torch channels_last, then the
reverse order), round after round, so load from other processes falls on all alike; the
reference in each round is PyTorch's better memory format; medians of the per-round ratios.

    mnist_interleave.py --java-cmd '...' --torch-cmd '...' [--rounds 8] [--seconds 2]
"""
import argparse
import os
import statistics
import subprocess
import sys


class Server:
    def __init__(self, name, cmd):
        self.name = name
        self.proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit(f"mnist_interleave: {name} exited before it was ready ({cmd})")
            if line.strip() == "ready":
                return

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit(f"mnist_interleave: {self.name} exited on '{command}'")
        return tuple(float(x) for x in line.split())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java-cmd", required=True)
    ap.add_argument("--torch-cmd", required=True)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--threads", default="?")
    ap.add_argument("--batch", default="?")
    ap.add_argument("--torch-version", default="?")
    a = ap.parse_args()
    ours = Server("ours", a.java_cmd)
    torch = Server("torch", a.torch_cmd)
    contestants = [("ours", lambda m: ours.ask(f"{m} {a.seconds}")),
                   ("torch nchw", lambda m: torch.ask(f"{m} nchw {a.seconds}")),
                   ("torch channels_last", lambda m: torch.ask(f"{m} channels_last {a.seconds}"))]
    rows = {"train": [], "infer": []}
    cpu = {"train": [], "infer": []}
    for mode in ("train", "infer"):
        for r in range(a.rounds):
            order = contestants if r % 2 == 0 else list(reversed(contestants))
            replies = {name: ask(mode) for name, ask in order}
            rows[mode].append({k: v[0] for k, v in replies.items()})
            cpu[mode].append({k: v[1] for k, v in replies.items()})
            got = rows[mode][-1]
            print(f"mnist_interleave: {mode} round {r + 1}: ours {got['ours']:.0f}, torch nchw "
                  f"{got['torch nchw']:.0f}, channels_last {got['torch channels_last']:.0f}", file=sys.stderr)
    ours.close()
    torch.close()
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    print(f"Keras MNIST CNN + Adam, batch {a.batch}, on {model} ({os.cpu_count()} cores), {a.threads} threads; "
          f"PyTorch {a.torch_version} on OpenBLAS; {a.rounds} interleaved rounds of {a.seconds} s windows; "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    print()
    for mode in ("train", "infer"):
        print(f"| {mode} round | ours img/s | PyTorch NCHW | PyTorch channels_last | ours / best PyTorch |")
        print("| --- | --- | --- | --- | --- |")
        ratios = []
        for i, got in enumerate(rows[mode]):
            best = max(got["torch nchw"], got["torch channels_last"])
            ratios.append(got["ours"] / best)
            print(f"| {i + 1} | {got['ours']:.0f} | {got['torch nchw']:.0f} | {got['torch channels_last']:.0f} | "
                  f"{ratios[-1]:.2f} |")
        print()
        med = lambda k: statistics.median(g[k] for g in rows[mode])
        cmed = lambda k: statistics.median(g[k] for g in cpu[mode])
        print(f"{mode}: median ratio ours/PyTorch-best {statistics.median(ratios):.2f} (range {min(ratios):.2f}-"
              f"{max(ratios):.2f}); medians: ours {med('ours'):.0f}, PyTorch NCHW {med('torch nchw'):.0f}, "
              f"channels_last {med('torch channels_last'):.0f} img/s; per CPU-second: ours {cmed('ours'):.0f}, "
              f"PyTorch NCHW {cmed('torch nchw'):.0f}, channels_last {cmed('torch channels_last'):.0f}")
        print()


if __name__ == "__main__":
    main()
