"""PyTorch training-step peer for `hares bench train`.

Slowfast NFNet-F0 written from ../../../shared/spec/model.md (NCHW inside, Haiku parameter names,
Haiku layouts for the weights), in training mode: weight standardisation inside autograd,
stochastic depth 0.1 (block i of 12 drops its residual with rate 0.1*i/12, no rescaling),
then forward + backward + torch.optim.Adam, exactly what `hares bench train` times.

  /usr/bin/python3 train_step_peer.py check [--golden DIR]     # inference output vs the golden file (<= 1e-5)
  /usr/bin/python3 train_step_peer.py bench [--batch 8] [--frames 301] [--steps 3] [--warmup 1] [--threads 2]
"""
import argparse
import json
import math
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

GAMMA = 1.7015043497085571
ALPHA = 0.2
SLOW = dict(width=(256, 512, 1536, 1536), group=128, conv1=((1, 1), (1, 1), (3, 1), (3, 1)),
            stem=((1, 3), (1, 3), (1, 3), (3, 3)))
FAST = dict(width=(32, 64, 192, 192), group=16, conv1=((3, 1),) * 4,
            stem=((3, 3), (1, 3), (1, 3), (3, 3)))
DEPTH = (1, 2, 6, 3)
STAGE_STRIDE = ((1, 1), (1, 2), (1, 2), (1, 2))
STEM_STRIDE = ((2, 2), (1, 1), (1, 1), (2, 2))
FUSE_OUT = (64, 256, 512, 1024)


def gelu(x):
    # JAX's default: the tanh approximation
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))


def same(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


class Registry:
    """Every parameter under its Haiku key, in creation order."""

    def __init__(self):
        self.params = {}

    def add(self, key, tensor):
        p = nn.Parameter(tensor)
        self.params[key] = p
        return p


class WSConv(nn.Module):
    def __init__(self, reg, name, cin, cout, kernel, stride=(1, 1), groups=1):
        super().__init__()
        self.kernel, self.stride, self.groups = kernel, stride, groups
        kh, kw = kernel
        self.fan_in = kh * kw * cin // groups
        self.w = reg.add(name + "/w", torch.randn(kh, kw, cin // groups, cout) / math.sqrt(self.fan_in))
        self.gain = reg.add(name + "/gain", torch.ones(cout))
        self.bias = reg.add(name + "/bias", torch.zeros(cout))

    def forward(self, x):
        w = self.w.permute(3, 2, 0, 1)  # HWIO -> OIHW, inside the graph
        mean = w.mean(dim=(1, 2, 3), keepdim=True)
        var = ((w - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True)
        scale = self.gain.view(-1, 1, 1, 1) / torch.sqrt(torch.clamp(var * self.fan_in, min=1e-4))
        w = w * scale - mean * scale
        pt = same(x.shape[2], self.kernel[0], self.stride[0])
        pf = same(x.shape[3], self.kernel[1], self.stride[1])
        x = F.pad(x, (pf[0], pf[1], pt[0], pt[1]))
        return F.conv2d(x, w, self.bias, stride=self.stride, groups=self.groups)


def avg_pool_same(x, window):
    pt = same(x.shape[2], window[0], window[0])
    pf = same(x.shape[3], window[1], window[1])
    pad = (pf[0], pf[1], pt[0], pt[1])
    total = F.avg_pool2d(F.pad(x, pad), window, window)
    ones = torch.ones(1, 1, x.shape[2], x.shape[3], dtype=x.dtype)
    valid = F.avg_pool2d(F.pad(ones, pad), window, window)
    return total / valid


class SqueezeExcite(nn.Module):
    def __init__(self, reg, name, ch):
        super().__init__()
        hidden = int(ch * 0.5)
        self.w0 = reg.add(name + "/linear/w", torch.randn(ch, hidden) / math.sqrt(ch))
        self.b0 = reg.add(name + "/linear/b", torch.zeros(hidden))
        self.w1 = reg.add(name + "/linear_1/w", torch.randn(hidden, ch) / math.sqrt(hidden))
        self.b1 = reg.add(name + "/linear_1/b", torch.zeros(ch))

    def forward(self, h):
        s = h.mean(dim=(2, 3))
        s = torch.relu(s @ self.w0 + self.b0)
        return torch.sigmoid(s @ self.w1 + self.b1)[:, :, None, None]


class NFBlock(nn.Module):
    def __init__(self, reg, name, in_actual, in_declared, out_ch, conv1_kernel, stride, group, beta, drop):
        super().__init__()
        width = int(out_ch * 0.5)
        groups = width // group
        self.stride, self.beta, self.drop = stride, beta, drop
        self.projecting = stride != (1, 1) or in_declared != out_ch
        p = name + "/~/"
        self.conv0 = WSConv(reg, p + "conv0", in_actual, width, (1, 1))
        self.conv1 = WSConv(reg, p + "conv1", width, width, conv1_kernel, stride, groups)
        self.conv1b = WSConv(reg, p + "conv1b", width, width, (1, 3), (1, 1), groups)
        self.conv2 = WSConv(reg, p + "conv2", width, out_ch, (1, 1))
        self.shortcut = WSConv(reg, p + "conv_shortcut", in_actual, out_ch, (1, 1)) if self.projecting else None
        self.se = SqueezeExcite(reg, p + "squeeze_excite/~", out_ch)
        self.skip_gain = reg.add(name + "/skip_gain", torch.zeros(()))

    def forward(self, x):
        out = gelu(x) * (GAMMA * self.beta)
        if self.stride != (1, 1):
            shortcut = avg_pool_same(out, self.stride)
            if self.shortcut is not None:
                shortcut = self.shortcut(shortcut)
        elif self.projecting:
            shortcut = self.shortcut(out)
        else:
            shortcut = x
        h = self.conv0(out)
        h = self.conv1(gelu(h) * GAMMA)
        h = self.conv1b(gelu(h) * GAMMA)
        h = self.conv2(gelu(h) * GAMMA)
        h = 2.0 * self.se(h) * h
        if self.training and self.drop > 0:
            keep = torch.floor(torch.rand(h.shape[0], 1, 1, 1) + (1.0 - self.drop))
            h = h * keep
        return h * self.skip_gain * ALPHA + shortcut


class NFNet(nn.Module):
    def __init__(self, reg, name, cfg, fused, drop_rate):
        super().__init__()
        p = name + "/~/"
        ch = cfg["width"][0] // 2
        chans = (ch // 8, ch // 4, ch // 2, ch)
        cin = 1
        self.stem = nn.ModuleList()
        for i in range(4):
            self.stem.append(WSConv(reg, p + "stem_conv%d" % i, cin, chans[i], cfg["stem"][i], STEM_STRIDE[i]))
            cin = chans[i]
        self.blocks = nn.ModuleList()
        expected, index, total = 1.0, 0, sum(DEPTH)
        declared = ch
        for g in range(4):
            out_ch = cfg["width"][g]
            for d in range(DEPTH[g]):
                first = d == 0
                self.blocks.append(NFBlock(reg, p + "nf_block" + ("_%d" % index if index else ""),
                                           declared + (fused[g] if first else 0), declared, out_ch, cfg["conv1"][g],
                                           STAGE_STRIDE[g] if first else (1, 1), cfg["group"], 1.0 / expected,
                                           drop_rate * index / total))
                if first:
                    expected = 1.0
                expected = math.sqrt(expected ** 2 + ALPHA ** 2)
                declared = out_ch
                index += 1
        self.final_conv = WSConv(reg, p + "final_conv", cfg["width"][3], 2 * cfg["width"][3], (1, 1))

    def stem_forward(self, x):
        for i, conv in enumerate(self.stem):
            x = conv(x)
            if i < 3:
                x = gelu(x) * GAMMA
        return x


class SlowFastNFNet(nn.Module):
    def __init__(self, drop_rate=0.1):
        super().__init__()
        self.reg = Registry()
        top = "slow_fast_nf_net/~/"
        self.fast = NFNet(self.reg, top + "NFNet", FAST, (0, 0, 0, 0), drop_rate)
        self.slow = NFNet(self.reg, top + "NFNet_1", SLOW, FUSE_OUT, drop_rate)
        fast_in = (FAST["width"][0] // 2,) + FAST["width"][:3]
        self.fuse = nn.ModuleList(
            WSConv(self.reg, top + "fuse_fast2_slow" + ("_%d" % g if g else "") + "/~/conv_f2s", fast_in[g], FUSE_OUT[g],
                   (7, 1), (4, 1)) for g in range(4))
        for key, p in self.reg.params.items():
            self.register_parameter(key.replace("/", "_").replace("~", "T"), p)

    def forward(self, x):
        b, t, f, _ = x.shape
        x = x.reshape(b, 1, t, f)
        pt = same(t, 4, 4)
        h_s = F.max_pool2d(F.pad(x, (0, 0, pt[0], pt[1]), value=float("-inf")), (4, 1), (4, 1))
        h_f = x
        h_s = self.slow.stem_forward(h_s)
        h_f = self.fast.stem_forward(h_f)
        i = 0
        for g in range(4):
            h_s = torch.cat([h_s, gelu(self.fuse[g](h_f))], dim=1)
            for _ in range(DEPTH[g]):
                h_f = self.fast.blocks[i](h_f)
                h_s = self.slow.blocks[i](h_s)
                i += 1
        h_f = gelu(self.fast.final_conv(h_f))
        h_s = gelu(self.slow.final_conv(h_s))
        return torch.cat([h_f.mean(dim=(2, 3)), h_s.mean(dim=(2, 3))], dim=1)


MASK = (1 << 64) - 1


def fnv1a64(s):
    h = 0xCBF29CE484222325
    for byte in s.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return h


def uniform(key, n):
    """The golden recipe (../../../shared/golden/README.md), vectorised with wrapping uint64."""
    with np.errstate(over="ignore"):
        i = np.arange(1, n + 1, dtype=np.uint64)
        z = np.uint64(fnv1a64(key)) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def golden_fill(model):
    with torch.no_grad():
        for key, p in model.reg.params.items():
            u = uniform(key, p.numel()).reshape(tuple(p.shape))
            leaf = key.rsplit("/", 1)[1]
            if leaf == "w" and p.dim() == 4:
                v = (2 * u - 1) * math.sqrt(3.0 / (p.shape[0] * p.shape[1] * p.shape[2]))
            elif leaf == "w":
                v = (2 * u - 1) * math.sqrt(3.0 / p.shape[0])
            elif leaf in ("gain", "skip_gain"):
                v = 0.5 + u
            else:
                v = 0.2 * (u - 0.5)
            p.copy_(torch.from_numpy(np.asarray(v, dtype=np.float32)))


def check(args):
    model = SlowFastNFNet()
    count = sum(p.numel() for p in model.reg.params.values())
    assert count == 62_970_654 and len(model.reg.params) == 474, (count, len(model.reg.params))
    golden_fill(model)
    model.eval()
    x = torch.from_numpy((2 * uniform("input", 2 * 400 * 128) - 1).astype(np.float32).reshape(2, 400, 128, 1))
    with torch.no_grad():
        y = model(x).numpy()
    ref = np.load(args.golden + "/output_slowfast_nfnet_f0.npy")
    diff = float(np.abs(y - ref).max())
    print(json.dumps({"parameters": count, "arrays": len(model.reg.params), "max_abs_diff": diff}))
    if diff > 1e-5:
        sys.exit("peer differs from the golden output by %g (> 1e-5)" % diff)


def bench(args):
    torch.manual_seed(0)
    model = SlowFastNFNet(drop_rate=0.1)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(args.batch, args.frames, 128, 1) * 2 - 1
    times = []
    for step in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(x).square().mean()
        loss.backward()
        opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - t0)
    median = float(np.median(times))
    print(json.dumps({"peer": "torch " + torch.__version__, "threads": torch.get_num_threads(), "batch": args.batch,
                      "frames": args.frames, "steps": args.steps, "median_s": median, "steps_per_s": 1 / median,
                      "times_s": times, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["check", "bench"])
    ap.add_argument("--golden", default="/work/shared/golden")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--frames", type=int, default=301)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    check(args) if args.mode == "check" else bench(args)


if __name__ == "__main__":
    main()
