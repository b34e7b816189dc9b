#!/usr/bin/python3
"""Small ONNX models for the onnx:FILE contract, their TorchScript twins, and torch's outputs on fixed inputs.

Two networks, each exported with torch.onnx.export twice (dynamic batch and time axes; fixed batch 1 and
fixed length) and saved once as TorchScript (torch.jit.trace) so the two engines can be compared:
  logmel_*.onnx  (B, T, 128, 1) standardised log-mel -> (B, T', 6)  (strided conv, ReLU, linear; hares averages over T')
  wave_*.onnx    (B, samples) waveform -> (B, 8)                    (25 ms / 10 ms framing conv at 16 kHz, ReLU, mean)
wave_dynamic.onnx declares its input in its metadata: hares.input=waveform, hares.sample_rate=16000.
wave_float64.onnx (B, samples) float64 -> (B, 2): hares refuses its dtype when it is opened.
onnx_expected.npz: the inputs and torch's outputs (averaged over T' as hares does; for the fixed-length log-mel
model also a 201-frame input, cut into two 101-frame pieces, the last zero-padded, whose embeddings are averaged).
Run from this folder with Debian's python3-torch and python3-onnx:  /usr/bin/python3 onnx_check.py
"""
import numpy as np
import onnx
import torch


class LogMelNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, kernel_size=3, stride=2)
        self.proj = torch.nn.Linear(4, 6)

    def forward(self, x):                      # (B, T, 128, 1)
        h = torch.relu(self.conv(x.permute(0, 3, 1, 2)))   # (B, 4, T', F')
        return self.proj(h.mean(3).transpose(1, 2))        # (B, T', 6)


class StatsNet(torch.nn.Module):
    def forward(self, x):                      # (B, samples) float64 -> (B, 2)
        return torch.stack([x.mean(1), x.amax(1)], dim=1)


class WaveNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.frames = torch.nn.Conv1d(1, 8, kernel_size=400, stride=160)

    def forward(self, x):                      # (B, samples)
        return torch.relu(self.frames(x.unsqueeze(1))).mean(2)   # (B, 8)


def export(net, example, path, name, dynamic, metadata=None):
    axes = {name: dynamic, "embedding": {0: "batch"}} if dynamic else None
    torch.onnx.export(net, example, path, input_names=[name], output_names=["embedding"], dynamic_axes=axes,
                      opset_version=13)
    if metadata:
        model = onnx.load(path)
        for key, value in metadata.items():
            model.metadata_props.add(key=key, value=value)
        onnx.save(model, path)
    onnx.checker.check_model(onnx.load(path))


torch.manual_seed(5)
logmel_net, wave_net = LogMelNet().eval(), WaveNet().eval()
rng = np.random.RandomState(17)
logmel = rng.randn(3, 101, 128).astype(np.float32)
logmel_long = rng.randn(2, 201, 128).astype(np.float32)
t = np.arange(16000) / 16000.0
wave = np.stack([0.5 * np.sin(2 * np.pi * 440 * t), 0.1 * rng.randn(16000)]).astype(np.float32)

with torch.no_grad():
    lm = torch.from_numpy(logmel).unsqueeze(-1)
    export(logmel_net, lm[:1], "logmel_dynamic.onnx", "logmel", {0: "batch", 1: "frames"})
    export(logmel_net, lm[:1], "logmel_fixed.onnx", "logmel", None)
    torch.jit.trace(logmel_net, lm[:1]).save("logmel_twin.pt")
    w = torch.from_numpy(wave)
    export(wave_net, w[:1], "wave_dynamic.onnx", "waveform", {0: "batch", 1: "samples"},
           {"hares.input": "waveform", "hares.sample_rate": "16000"})
    export(wave_net, w[:1], "wave_fixed.onnx", "waveform", None)
    export(StatsNet(), w[:1].double(), "wave_float64.onnx", "waveform", {0: "batch", 1: "samples"})
    torch.jit.trace(wave_net, w[:1]).save("wave_twin.pt")

    logmel_out = logmel_net(lm).mean(1).numpy()
    padded = np.concatenate([logmel_long, np.zeros((2, 1, 128), np.float32)], axis=1)
    pieces = [logmel_net(torch.from_numpy(padded[:, i * 101:(i + 1) * 101]).unsqueeze(-1)).mean(1) for i in range(2)]
    logmel_long_out = ((pieces[0] + pieces[1]) / 2).numpy()
    wave_out = wave_net(w).numpy()

np.savez("onnx_expected.npz", logmel=logmel, logmel_out=logmel_out, logmel_long=logmel_long,
         logmel_long_out=logmel_long_out, wave=wave, wave_out=wave_out)
print(logmel_out.shape, logmel_long_out.shape, wave_out.shape)
