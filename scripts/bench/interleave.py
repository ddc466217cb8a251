#!/usr/bin/env python3
"""Interleaved throughput of MiniVGG: our engine against the official libtorch (through DJL)
and Debian's PyTorch, for scripts/bench-engine.

Starts every contestant as long-lived processes in serve mode (each warms up, then measures only
when told) and measures them in turn in short windows, many times, the order reversed every
other round. Load from other processes that comes and goes falls on all alike, and each round's
ratios compare measurements taken seconds apart.

Two settings:
  --setting 2t    one process per contestant with --threads threads (one trial on the machine)
  --setting 2x1   two 1-thread processes per contestant, measured at the same time (the sweep
                  default: two 1-thread trials side by side); a window's images/s is the sum
                  of both processes' rates

    interleave.py --ours-cmd '... {threads}' --libtorch-cmd '... {threads}' --pytorch-cmd '... {threads}'
                  [--setting 2t|2x1] [--threads 2] [--rounds 8] [--seconds 3]
                  [--libtorch-formats channels_last,nchw] [--pytorch-formats channels_last,nchw]
                  [--libtorch-version X] [--pytorch-version Y]

{threads} in a command is replaced by the threads of each process. Prints a Markdown table per
mode (train, infer) and a summary: median per-round ratios ours / each peer's best format,
ours / the better PyTorch build, and the training FLOP rate as a fraction of the sgemm rate.
"""
import argparse
import os
import statistics
import subprocess
import sys

TRAIN_MFLOP_PER_IMAGE = 3 * 2 * 26.579968  # 3 x forward multiply-adds x 2 (MiniVggConfig)


class Server:
    def __init__(self, name, cmd):
        self.name = name
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def wait_ready(self):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit(f"interleave: {self.name} exited before it was ready ({self.cmd})")
            if line.strip() == "ready":
                return

    def send(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def receive(self, command):
        """The reply's numbers: (images per wall second, images per CPU second), or (GFLOP/s,)."""
        line = self.proc.stdout.readline()
        if not line:
            sys.exit(f"interleave: {self.name} exited on '{command}'")
        return tuple(float(x) for x in line.split())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


class Group:
    """The processes of one contestant, asked at the same time; rates are summed."""

    def __init__(self, name, cmd, processes, threads):
        self.name = name
        self.servers = [Server(f"{name} #{i + 1}", cmd.replace("{threads}", str(threads)))
                        for i in range(processes)]

    def wait_ready(self):
        for s in self.servers:
            s.wait_ready()

    def ask(self, command):
        for s in self.servers:
            s.send(command)
        replies = [s.receive(command) for s in self.servers]
        wall = sum(r[0] for r in replies)
        # images per CPU-second of the group: total images / total CPU seconds
        cpu = len(replies) / sum(1 / r[1] for r in replies) if len(replies[0]) > 1 else 0
        return wall, cpu

    def close(self):
        for s in self.servers:
            s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours-cmd", required=True)
    ap.add_argument("--baseline-cmd", help="another build of our engine (A/B of a change), same protocol")
    ap.add_argument("--libtorch-cmd")
    ap.add_argument("--pytorch-cmd")
    ap.add_argument("--setting", choices=["2t", "2x1"], default="2t")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--libtorch-formats", default="channels_last")
    ap.add_argument("--pytorch-formats", default="channels_last")
    ap.add_argument("--libtorch-version", default="?")
    ap.add_argument("--pytorch-version", default="?")
    a = ap.parse_args()

    processes, threads = (1, a.threads) if a.setting == "2t" else (2, 1)
    print(f"interleave: setting {a.setting} ({processes} process(es) x {threads} thread(s) per "
          f"contestant), {a.rounds} rounds of {a.seconds} s windows", file=sys.stderr)
    groups = {"ours": Group("ours", a.ours_cmd, processes, threads)}
    if a.baseline_cmd:
        groups["baseline"] = Group("baseline", a.baseline_cmd, processes, threads)
    peers = []  # (column, peer family, group, format)
    if a.libtorch_cmd:
        groups["libtorch"] = Group("libtorch", a.libtorch_cmd, processes, threads)
        peers += [(f"libtorch {a.libtorch_version} {f}", "libtorch", f) for f in a.libtorch_formats.split(",")]
    if a.pytorch_cmd:
        groups["pytorch"] = Group("pytorch", a.pytorch_cmd, processes, threads)
        peers += [(f"PyTorch {a.pytorch_version} {f}", "pytorch", f) for f in a.pytorch_formats.split(",")]
    for g in groups.values():  # warm up one contestant at a time
        g.wait_ready()

    contestants = [("ours", lambda m: groups["ours"].ask(f"{m} {a.seconds}"))]
    if a.baseline_cmd:
        contestants.append(("ours baseline", lambda m: groups["baseline"].ask(f"{m} {a.seconds}")))
    for column, family, fmt in peers:
        contestants.append((column, lambda m, g=groups[family], f=fmt: g.ask(f"{m} {f} {a.seconds}")))
    families = {fam: [c for c, f, _ in peers if f == fam] for fam in ("libtorch", "pytorch")}
    families = {k: v for k, v in families.items() if v}
    all_peers = [c for c, _, _ in peers]

    rows = {"train": [], "infer": []}
    cpu_rows = {"train": [], "infer": []}
    gemm = []
    for mode in ("train", "infer"):
        for r in range(a.rounds):
            order = contestants if r % 2 == 0 else list(reversed(contestants))
            replies = {name: ask(mode) for name, ask in order}
            rows[mode].append({k: v[0] for k, v in replies.items()})
            cpu_rows[mode].append({k: v[1] for k, v in replies.items()})
            got = rows[mode][-1]
            best = max([got[c] for c in all_peers] or [got["ours"]])
            print(f"interleave: {mode} round {r + 1}: " + ", ".join(f"{k} {v:.0f}" for k, v in got.items())
                  + f", ours / best peer {got['ours'] / best:.2f}", file=sys.stderr)
            if mode == "train" and r % 4 == 0 and a.setting == "2t":
                ours0 = groups["ours"].servers[0]
                ours0.send(f"gemm {a.seconds}")
                gemm.append(ours0.receive("gemm")[0])
    for g in groups.values():
        g.close()

    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    what = (f"1 process x {threads} threads per contestant" if a.setting == "2t"
            else "2 processes x 1 thread per contestant, measured at the same time, rates summed")
    print(f"MiniVGG, batch 64, on {cpu} ({os.cpu_count()} cores), setting {a.setting}: {what}; "
          f"{a.rounds} interleaved rounds of {a.seconds} s windows; load average at the end "
          f"{os.getloadavg()[0]:.1f}")
    print()
    summary = {}
    for mode in ("train", "infer"):
        cols = [c for c, _ in contestants]
        print(f"| {mode} round | " + " | ".join(f"{c} img/s" for c in cols)
              + " | ours / best libtorch | ours / best PyTorch 1.x | ours / best peer |")
        print("| --- " * (len(cols) + 4) + "|")
        ratios = {fam: [] for fam in families}
        ratios["peer"] = []
        if a.baseline_cmd:
            ratios["baseline"] = []
        for i, got in enumerate(rows[mode]):
            cells = []
            for fam in ("libtorch", "pytorch"):
                if fam in families:
                    ratios[fam].append(got["ours"] / max(got[c] for c in families[fam]))
                    cells.append(f"{ratios[fam][-1]:.2f}")
                else:
                    cells.append("-")
            if all_peers:
                ratios["peer"].append(got["ours"] / max(got[c] for c in all_peers))
                cells.append(f"{ratios['peer'][-1]:.2f}")
            else:
                cells.append("-")
            if a.baseline_cmd:
                ratios.setdefault("baseline", []).append(got["ours"] / got["ours baseline"])
            print(f"| {i + 1} | " + " | ".join(f"{got[c]:.0f}" for c in cols) + " | " + " | ".join(cells) + " |")
        print()
        summary[mode] = ratios
    for mode in ("train", "infer"):
        med = {c: statistics.median(g[c] for g in rows[mode]) for c, _ in contestants}
        best = {c: max(g[c] for g in rows[mode]) for c, _ in contestants}
        parts = [f"{fam if fam != 'peer' else 'best peer'} {statistics.median(v):.2f} "
                 f"(range {min(v):.2f}-{max(v):.2f})" for fam, v in summary[mode].items() if v]
        print(f"{mode}: median per-round ratio ours / " + "; ours / ".join(parts))
        print(f"{mode}: median img/s: " + ", ".join(f"{c} {v:.0f}" for c, v in med.items())
              + "; best windows: " + ", ".join(f"{c} {v:.0f}" for c, v in best.items()))
        cmed = {c: statistics.median(g[c] for g in cpu_rows[mode]) for c, _ in contestants}
        print(f"{mode}: median images per CPU-second (all threads of the process(es); spin-waiting "
              f"counts): " + ", ".join(f"{c} {v:.0f}" for c, v in cmed.items()))
    if gemm:
        g = statistics.median(gemm)
        achieved = statistics.median(r["ours"] for r in rows["train"]) * TRAIN_MFLOP_PER_IMAGE / 1000
        print(f"FLOP ceiling: training is {TRAIN_MFLOP_PER_IMAGE:.1f} MFLOP per image, so ours "
              f"achieves {achieved:.0f} GFLOP/s = {achieved / g:.0%} of this machine's sgemm rate "
              f"({g:.0f} GFLOP/s, ND4J/OpenBLAS 2048^3, same threads)")


if __name__ == "__main__":
    main()
