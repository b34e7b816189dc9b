#!/usr/bin/python3
"""Builds the tiny audio fixtures of the format round-trip tests (AudioFormatsTest).

Every file holds the same mono signal once mixed down: 0.5*sin(2*pi*440*t). Multichannel files
split it unevenly so a wrong mix-down shows: 2 channels carry amplitudes 0.3 and 0.7, 4 channels
0.2, 0.4, 0.6 and 0.8 (their mean is 0.5). Encoded with Debian's ffmpeg (one file with sox) from raw float32.
Run from this directory: /usr/bin/python3 make_fixtures.py
"""
import subprocess

import numpy as np

AMPLITUDES = {1: [0.5], 2: [0.3, 0.7], 4: [0.2, 0.4, 0.6, 0.8]}

# name, rate, channels, seconds, ffmpeg output arguments ("sox": a plain WAVE_FORMAT_IEEE_FLOAT file from sox)
FIXTURES = [
    ("pcm_u8_8k_mono.wav", 8000, 1, 0.1, ["-c:a", "pcm_u8"]),
    ("pcm_s16_16k_stereo.wav", 16000, 2, 0.1, ["-c:a", "pcm_s16le"]),
    ("pcm_s24_16k_4ch_extensible.wav", 16000, 4, 0.1, ["-c:a", "pcm_s24le"]),
    ("pcm_s32_44k_mono.wav", 44100, 1, 0.1, ["-c:a", "pcm_s32le"]),
    ("pcm_f32_22k_stereo.wav", 22050, 2, 0.1, ["-c:a", "pcm_f32le"]),
    ("pcm_f32_16k_mono_plain.wav", 16000, 1, 0.1, "sox"),
    ("flac_44k_stereo.flac", 44100, 2, 0.1, ["-c:a", "flac"]),
    ("mp3_44k_stereo.mp3", 44100, 2, 0.5, ["-c:a", "libmp3lame", "-b:a", "128k"]),
    ("vorbis_44k_mono.ogg", 44100, 1, 0.5, ["-c:a", "libvorbis", "-q:a", "6"]),
    ("opus_48k_mono.opus", 48000, 1, 0.5, ["-c:a", "libopus", "-b:a", "96k"]),
    ("aac_44k_stereo.m4a", 44100, 2, 0.5, ["-c:a", "aac", "-b:a", "128k"]),
]


def signal(rate, channels, seconds):
    t = np.arange(int(round(rate * seconds))) / rate
    tone = np.sin(2 * np.pi * 440 * t)
    return np.stack([a * tone for a in AMPLITUDES[channels]], axis=1).astype("<f4")


for name, rate, channels, seconds, args in FIXTURES:
    raw = signal(rate, channels, seconds).tobytes()
    if args == "sox":
        subprocess.run(["sox", "-t", "raw", "-e", "floating-point", "-b", "32", "-r", str(rate), "-c", str(channels),
                        "-", "-t", "wavpcm", "-e", "floating-point", "-b", "32", name], input=raw, check=True)
        print(name)
        continue
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(rate), "-ac", str(channels), "-i", "pipe:0",
           "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", *args, name]
    subprocess.run(cmd, input=raw, check=True)
    print(name)
