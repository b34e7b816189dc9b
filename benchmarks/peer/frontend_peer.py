#!/usr/bin/python3
"""torchaudio peer of FrontendBenchmark (benchmarks/src/main/java/org/hares/bench/FrontendBenchmark.java).

  /usr/bin/python3 benchmarks/peer/frontend_peer.py make DIR      # writes the benchmark audio (needs ffmpeg)
  /usr/bin/python3 benchmarks/peer/frontend_peer.py time DIR      # times torchaudio on it, one thread

The audio (10 minutes, deterministic): a few drifting partials with vibrato, amplitude
envelopes and a little noise, as 44.1 kHz stereo PCM16 (bench44k_stereo.wav), the same at 16 kHz
mono (bench16k_mono.wav, made by ffmpeg) and a 128 kb/s MP3 of the
44.1 kHz file (bench44k_stereo.mp3). Timing reads the WAVs into memory first, so both sides time
only the front end: log(MelSpectrogram + 1e-6) at 16 kHz, and functional.resample(44100 -> 16000)
followed by the same at 44.1 kHz (mono = mean of the channels, taken before timing).
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np

SECONDS = 600


def make(d):
    os.makedirs(d, exist_ok=True)
    rate = 44100
    rng = np.random.RandomState(0)
    t = np.arange(SECONDS * rate) / rate
    left = np.zeros_like(t)
    right = np.zeros_like(t)
    for k in range(6):
        f0 = 110 * (k + 1) * (1 + 0.02 * np.sin(2 * np.pi * 0.05 * (k + 1) * t))
        phase = 2 * np.pi * np.cumsum(f0) / rate + 0.3 * np.sin(2 * np.pi * 5 * t)
        env = 0.5 + 0.5 * np.sin(2 * np.pi * (0.1 + 0.07 * k) * t + k)
        left += 0.08 * env * np.sin(phase)
        right += 0.08 * env * np.sin(phase + 0.5 * k)
    left += 0.02 * rng.standard_normal(t.size)
    right += 0.02 * rng.standard_normal(t.size)
    pcm = (np.clip(np.stack([left, right], 1), -1, 1 - 2 ** -15) * 32768).astype("<i2")
    wav = os.path.join(d, "bench44k_stereo.wav")
    import wave
    with wave.open(wav, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, "-ac", "1", "-ar", "16000",
                    "-c:a", "pcm_s16le", os.path.join(d, "bench16k_mono.wav")], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, "-c:a", "libmp3lame", "-b:a", "128k",
                    os.path.join(d, "bench44k_stereo.mp3")], check=True)
    print("wrote", d)


def read_wav_mono(path):
    import wave
    with wave.open(path, "rb") as w:
        ch, rate, n = w.getnchannels(), w.getframerate(), w.getnframes()
        x = np.frombuffer(w.readframes(n), dtype="<i2").astype(np.float32) / 32768.0
    return x.reshape(-1, ch).mean(axis=1, dtype=np.float32), rate


def time_it(fn, repeats):
    """Median wall-clock and thread-CPU seconds over the repeats, after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.thread_time()
        fn()
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - t0)
    return statistics.median(wall), statistics.median(cpu)


def bench(d, repeats):
    import torch
    import torchaudio
    torch.set_num_threads(1)
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=512, win_length=400, hop_length=160,
                                               f_min=60.0, f_max=7800.0, n_mels=128, power=2.0, center=True,
                                               pad_mode="reflect", mel_scale="htk", norm=None)
    x16, r16 = read_wav_mono(os.path.join(d, "bench16k_mono.wav"))
    x44, r44 = read_wav_mono(os.path.join(d, "bench44k_stereo.wav"))
    w16 = torch.from_numpy(x16)
    w44 = torch.from_numpy(x44)
    with torch.no_grad():
        t16 = time_it(lambda: torch.log(mel(w16) + 1e-6), repeats)
        t44 = time_it(lambda: torch.log(mel(torchaudio.functional.resample(w44, 44100, 16000)) + 1e-6),
                              repeats)
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, threads {torch.get_num_threads()}")
    for name, (wall, cpu) in (("logmel16k", t16), ("resample44k+logmel", t44)):
        print(f"{name}: wall median {wall:.3f} s ({SECONDS / wall:.0f}x real time), "
              f"cpu median {cpu:.3f} s ({SECONDS / cpu:.0f}x real time)")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("make", "time"):
        sys.exit(__doc__)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        bench(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7)
