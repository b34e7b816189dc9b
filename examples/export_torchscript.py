#!/usr/bin/python3
"""Export a PyTorch encoder as TorchScript for `hares eval --model torchscript:encoder.pt` (README: "Evaluate your own model")."""
import sys
import torch


class Encoder(torch.nn.Module):
    """Your model. Input: (B, T, 128, 1) standardised log-mel, channels last. Output: (B, D) (or (B, T', D))."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 32, kernel_size=3, padding=1)

    def forward(self, x):
        h = torch.relu(self.conv(x.permute(0, 3, 1, 2)))  # (B, 32, T, 128)
        return h.mean(dim=(2, 3))                          # (B, 32): one embedding per window


torch.manual_seed(0)
T = 501  # frames of one window: 1 + samples/160; ESC-50's 5-s window at 16 kHz (`hares tasks` prints T per task)
module = torch.jit.trace(Encoder().eval(), torch.randn(2, T, 128, 1))
module.save(sys.argv[1] if len(sys.argv) > 1 else "encoder.pt")
