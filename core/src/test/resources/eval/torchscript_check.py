#!/usr/bin/python3
"""Two tiny TorchScript modules for the torchscript:FILE contract, and their outputs on fixed inputs.

ts_logmel.pt:   (B, T, 128, 1) log-mel -> (B, T, 8) (a per-frame linear map and ReLU; hares averages over T)
ts_waveform.pt: (B, samples) waveform  -> (B, 4)    (mean over 25 ms frames of frame mean, std, max, min)
ts_nan.pt:      (B, T, 128, 1) log-mel -> (B, 128) NaN (the log of a negative number): a broken module
ts_expected.npz holds the inputs and the outputs, hares averaged over T' where the module returns 3-D.
Run from this folder with Debian's python3-torch:  /usr/bin/python3 torchscript_check.py
"""
import numpy as np
import torch


class LogMelNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(3)
        self.w = torch.nn.Parameter(torch.randn(128, 8, generator=g) / 11.3)
        self.b = torch.nn.Parameter(torch.linspace(-0.2, 0.2, 8))

    def forward(self, x):
        return torch.relu(x.squeeze(-1) @ self.w + self.b)


class WaveNet(torch.nn.Module):
    def forward(self, x):
        frames = x.unfold(1, 400, 160)
        stats = torch.stack([frames.mean(-1), frames.std(-1), frames.amax(-1), frames.amin(-1)], dim=-1)
        return stats.mean(1)


class NanNet(torch.nn.Module):
    def forward(self, x):
        return torch.log(x.squeeze(-1).mean(1) - 10.0)


torch.jit.script(LogMelNet()).save("ts_logmel.pt")
torch.jit.script(NanNet()).save("ts_nan.pt")
torch.jit.script(WaveNet()).save("ts_waveform.pt")

rng = np.random.RandomState(11)
logmel = rng.randn(3, 101, 128).astype(np.float32)
t = np.arange(16000) / 16000.0
wave = np.stack([0.5 * np.sin(2 * np.pi * 440 * t), 0.1 * rng.randn(16000)]).astype(np.float32)
with torch.no_grad():
    out_logmel = LogMelNet_loaded = torch.jit.load("ts_logmel.pt")(torch.from_numpy(logmel).unsqueeze(-1)).mean(1).numpy()
    out_wave = torch.jit.load("ts_waveform.pt")(torch.from_numpy(wave)).numpy()
np.savez("ts_expected.npz", logmel=logmel, logmel_out=out_logmel, wave=wave, wave_out=out_wave)
print(out_logmel.shape, out_wave.shape, out_wave)
