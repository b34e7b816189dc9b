#!/usr/bin/python3
"""fixed_501_frames.pt: a TorchScript module that takes only T = 501 frames (ESC-50's 5-s window), like any model with
a learned weight per time step. Input (B, 501, 128, 1) standardised log-mel; output (B, 8).
Run from this folder with Debian's python3-torch:  /usr/bin/python3 make_fixed_window.py"""
import torch


class FixedWindow(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.time_weight = torch.nn.Parameter(torch.linspace(0.5, 1.5, 501))

    def forward(self, x):
        h = x.squeeze(-1) * self.time_weight[None, :, None]  # fails unless T == 501
        return h.mean(1)[:, :8]


torch.jit.script(FixedWindow()).save("fixed_501_frames.pt")
