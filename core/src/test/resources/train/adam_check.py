"""Reference for OptimiserTest.adamMatchesTorchOptimAdam: four torch.optim.Adam steps (lr 0.01, defaults
beta (0.9, 0.999), eps 1e-8) on w0[i] = sin(i + 1), gradients g_t[i] = cos(0.7 i + t), t = 0..3.
Run: /usr/bin/python3 core/src/test/resources/train/adam_check.py"""
import math
import torch

w = torch.tensor([math.sin(i + 1) for i in range(12)], dtype=torch.float32, requires_grad=True)
opt = torch.optim.Adam([w], lr=0.01)
for t in range(4):
    opt.zero_grad()
    w.grad = torch.tensor([math.cos(0.7 * i + t) for i in range(12)], dtype=torch.float32)
    opt.step()
print(", ".join(f"{v:.8f}f" for v in w.detach().tolist()))
