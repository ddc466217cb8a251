#!/usr/bin/env python3
"""PyTorch reference for scripts/bench-mnist: the Keras MNIST CNN of the first seed article,
training and inference throughput on synthetic 1x28x28 batches, on the CPU.

Same network and optimizer as the Java engine's MnistCnn: conv3x3(32, valid)+ReLU,
conv3x3(64, valid)+ReLU, maxpool 2, dropout 0.25, flatten, dense 128+ReLU, dropout 0.5,
dense 10; Adam lr 0.002, betas (0.9, 0.999), eps 1e-7; cross-entropy. Both memory formats.

    mnist_cnn_torch.py --serve BATCH THREADS
        warms up, prints "ready", then answers each line "<train|infer> <nchw|channels_last>
        <seconds>" with images per wall second and images per CPU second of the process.
"""
import sys
import time

import torch
import torch.nn as nn


def mnist_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


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
    def __init__(self, batch, fmt):
        self.batch = batch
        self.model = mnist_cnn().to(memory_format=fmt)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=0.002, betas=(0.9, 0.999), eps=1e-7)
        self.loss_fn = nn.CrossEntropyLoss()
        self.x = torch.rand(batch, 1, 28, 28).contiguous(memory_format=fmt)
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


def main():
    batch, threads = int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    benches = {"nchw": Bench(batch, torch.contiguous_format), "channels_last": Bench(batch, torch.channels_last)}
    for b in benches.values():
        timed(b.train, 2)
        timed(b.infer, 1)
    print("ready", flush=True)
    for line in sys.stdin:
        mode, fmt, seconds = line.split()
        b = benches[fmt]
        step = b.train if mode == "train" else b.infer
        cpu0 = time.process_time()
        calls = 0

        def counted():
            nonlocal calls
            calls += 1
            step()

        per_call = timed(counted, float(seconds))
        cpu = time.process_time() - cpu0
        print(f"{batch / per_call:.2f} {batch * calls / cpu:.2f}", flush=True)


if __name__ == "__main__":
    main()
