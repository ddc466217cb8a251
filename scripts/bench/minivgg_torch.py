#!/usr/bin/env python3
"""PyTorch reference for scripts/bench-engine: MiniVGG (PyImageSearch's MiniVGGNet) training
and inference throughput on synthetic CIFAR-shaped batches, on the CPU.

Same network, batch and optimizer as the Java engine: conv3x3(32)+ReLU+BN x2, maxpool, dropout
0.25, conv3x3(64)+ReLU+BN x2, maxpool, dropout 0.25, dense 512+ReLU+BN, dropout 0.5, dense 10;
BN eps 1e-3 and momentum 0.01 (= Keras 0.99); SGD lr 0.01, momentum 0.9, Nesterov; cross-entropy.
Measures both memory formats (NCHW and channels_last).

    minivgg_torch.py SECONDS BATCH THREADS
        prints one line per format: torch <format> train <img/s> infer <img/s>
    minivgg_torch.py --serve BATCH THREADS
        warms up, prints "ready", then answers each line "<train|infer> <nchw|channels_last>
        <seconds>" read from stdin with one line, the images per second (for interleave.py).
"""
import sys
import time

import torch
import torch.nn as nn


def minivgg():
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)]

    return nn.Sequential(
        *block(3, 32), *block(32, 32), nn.MaxPool2d(2), nn.Dropout(0.25),
        *block(32, 64), *block(64, 64), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 512), nn.ReLU(), nn.BatchNorm1d(512, eps=1e-3, momentum=0.01),
        nn.Dropout(0.5), nn.Linear(512, 10))


def timed(step, seconds):
    step()
    start = time.perf_counter()
    calls = 0
    while True:
        step()
        calls += 1
        now = time.perf_counter()
        if now - start >= seconds:
            return (now - start) / calls


class Bench:
    """One model per memory format, with its optimizer and a fixed synthetic batch."""

    def __init__(self, batch, fmt):
        self.batch = batch
        self.model = minivgg().to(memory_format=fmt)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
        self.loss_fn = nn.CrossEntropyLoss()
        self.x = torch.rand(batch, 3, 32, 32).contiguous(memory_format=fmt)
        self.y = torch.randint(0, 10, (batch,))

    def train(self):
        self.model.train()
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.model(self.x), self.y)
        loss.backward()
        self.opt.step()

    def infer(self):
        self.model.eval()
        with torch.no_grad():
            torch.softmax(self.model(self.x), dim=1)


def serve(batch, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    benches = {"nchw": Bench(batch, torch.contiguous_format),
               "channels_last": Bench(batch, torch.channels_last)}
    for b in benches.values():
        timed(b.train, 2)
        timed(b.infer, 1)
    print("ready", flush=True)
    for line in sys.stdin:
        mode, fmt, seconds = line.split()
        b = benches[fmt]
        step = b.train if mode == "train" else b.infer
        print(f"{batch / timed(step, float(seconds)):.2f}", flush=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), int(sys.argv[3]))
        return
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    for fmt_name, fmt in (("nchw", torch.contiguous_format), ("channels_last", torch.channels_last)):
        model = minivgg().to(memory_format=fmt)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
        loss_fn = nn.CrossEntropyLoss()
        x = torch.rand(batch, 3, 32, 32).contiguous(memory_format=fmt)
        y = torch.randint(0, 10, (batch,))

        def train():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        def infer():
            with torch.no_grad():
                torch.softmax(model(x), dim=1)

        model.train()
        timed(train, 3)
        t = timed(train, seconds)
        model.eval()
        timed(infer, 2)
        i = timed(infer, seconds / 2)
        print(f"torch {fmt_name} train {batch / t:.1f} infer {batch / i:.1f}", flush=True)


if __name__ == "__main__":
    main()
