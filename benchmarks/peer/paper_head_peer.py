#!/usr/bin/python3
"""PyTorch peer of the paper protocol's head training (Debian's python3-torch), for `hares bench heads`.

The same loop as hares' PaperHeadTrainer on random embeddings of the same size: each step gathers a
batch of rows, runs a linear head (or one hidden layer of 512 ReLU units), softmax cross-entropy,
backward and an Adam step with linear warm-up and cosine decay. Prints seconds per 1,000 steps
(median of --repeats timings, after one warm-up run of 50 steps).

    /usr/bin/python3 benchmarks/peer/paper_head_peer.py [--rows 100000] [--dim 3456] [--classes 35] [--steps 1000]
"""
import argparse
import math
import os
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--dim", type=int, default=3456)
    parser.add_argument("--classes", type=int, default=35)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.randn(args.rows, args.dim)
    y = torch.randint(0, args.classes, (args.rows,))
    print(f"{args.rows} x {args.dim}, {args.classes} classes, torch {torch.__version__}, "
          f"{args.threads} threads, load {os.getloadavg()[0]:.1f}", flush=True)

    def run(hidden, batch, steps):
        if hidden:
            head = torch.nn.Sequential(torch.nn.Linear(args.dim, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, args.classes))
        else:
            head = torch.nn.Linear(args.dim, args.classes)
        adam = torch.optim.Adam(head.parameters(), lr=2e-4)
        warmup, total = 5000, 400000

        def lr(step):
            if step < warmup:
                return 2e-4 * step / warmup
            return 1e-4 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))

        t0 = time.perf_counter()
        for step in range(steps):
            for group in adam.param_groups:
                group["lr"] = lr(step)
            idx = torch.randint(0, args.rows, (batch,))
            loss = torch.nn.functional.cross_entropy(head(x[idx]), y[idx])
            adam.zero_grad(set_to_none=True)
            loss.backward()
            adam.step()
        return time.perf_counter() - t0

    for hidden, batch in ((0, 64), (512, 128)):
        run(hidden, batch, 50)
        times = [run(hidden, batch, args.steps) * 1000 / args.steps for _ in range(args.repeats)]
        print(f"peer, {'MLP-512' if hidden else 'linear'} head, batch {batch}: median {statistics.median(times):.2f} s "
              f"per 1k steps of {['%.2f' % t for t in times]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
