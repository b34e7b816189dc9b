#!/usr/bin/python3
"""Builds the hares demo suite (demo/suite/) from Debian-packaged sources only.

Four datasets in their official on-disk layouts (see README "Demo suite"):
  ESC-50-master/                      ESC-50-style environmental sounds (5-s clips, 5 folds)
  speech_commands_v0.02/              Speech Commands-style keywords (synthetic voices)
  voxforge/                           VoxForge-style language id (TFDS archive layout, extracted)
  nsynth/nsynth-{train,valid,test}/   NSynth-style notes rendered with fluidsynth

Run through demo/build-suite.sh, which installs the tools and fetches the sound packages.
Every random choice comes from a seeded numpy Generator, so a rebuild with the same package
versions gives the same audio.
"""

import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

SR = 16000
SEED = 20221127


# --------------------------------------------------------------------------- audio helpers

def decode(path):
    """Any file ffmpeg reads -> mono float32 at 16 kHz."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-ac", "1", "-ar", str(SR),
         "-f", "f32le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(out, dtype="<f4").astype(np.float32)


def trim(x, thresh_db=-45.0, pad=0.02):
    """Strips leading and trailing near-silence (relative to the peak)."""
    if x.size == 0:
        return x
    thr = np.max(np.abs(x)) * 10 ** (thresh_db / 20)
    idx = np.nonzero(np.abs(x) > thr)[0]
    if idx.size == 0:
        return x[:0]
    p = int(pad * SR)
    return x[max(0, idx[0] - p): idx[-1] + 1 + p]


def speed(x, factor):
    """Plays x `factor` times faster (pitch moves with it), band-limited."""
    if abs(factor - 1.0) < 1e-6:
        return x
    up = 200
    down = int(round(up * factor))
    return resample_poly(x, up, down).astype(np.float32)


def peak_normalise(x, peak_db):
    m = np.max(np.abs(x)) if x.size else 0.0
    return x if m == 0 else (x * (10 ** (peak_db / 20) / m)).astype(np.float32)


def pink_noise(rng, n):
    white = rng.standard_normal(n + 4096)
    f = np.fft.rfft(white)
    k = np.arange(f.size)
    k[0] = 1
    y = np.fft.irfft(f / np.sqrt(k), n=white.size)[:n]
    return (y / np.std(y)).astype(np.float32)


class Writer:
    """Writes 16-bit 16 kHz mono files; FLAC-compressed by default, under the given names."""

    def __init__(self, codec):
        self.codec = codec
        self.tmp = Path(tempfile.mkdtemp(prefix="hares-demo-"))
        self.bytes = 0
        self.seconds = 0.0
        self.files = 0

    def write(self, path, x):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pcm = np.clip(np.round(np.asarray(x, dtype=np.float64) * 32767.0), -32768, 32767).astype("<i2")
        target = path if self.codec == "pcm" else self.tmp / "clip.wav"
        with wave.open(str(target), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SR)
            w.writeframes(pcm.tobytes())
        if self.codec == "flac":
            # --no-seektable/padding keep files small; -f overwrites; output keeps the official name
            subprocess.run(["flac", "-s", "-f", "--best", "--no-padding", "--no-seektable",
                            "-o", str(path), str(target)], check=True)
        self.bytes += path.stat().st_size
        self.seconds += pcm.size / SR
        self.files += 1


def sha8(text):
    return hashlib.sha1(text.encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- ESC-50

# (ESC-50 category, official target, source files relative to the extracted packages)
ESC_CLASSES = [
    ("dog", 0, ["qabcs-data:usr/share/qabcs/abcs/all/noises/dog.ogg",
                "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/dog.wav",
                "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/dog2.wav",
                "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/dog3.wav",
                "scratch:usr/share/scratch/Media/Sounds/Animal/Dog1.wav",
                "scratch:usr/share/scratch/Media/Sounds/Animal/Dog2.wav",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/dogs/dog.ogg"]),
    ("rooster", 1, ["qabcs-data:usr/share/qabcs/abcs/all/noises/rooster.ogg",
                    "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/rooster.wav",
                    "scratch:usr/share/scratch/Media/Sounds/Animal/Rooster.wav",
                    "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/birds/rooster.ogg"]),
    ("pig", 2, ["qabcs-data:usr/share/qabcs/abcs/all/noises/pig.ogg",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/pig.ogg",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/pig_golden.ogg",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/pig_golden2.ogg"]),
    ("cow", 3, ["qabcs-data:usr/share/qabcs/abcs/all/noises/cow.ogg",
                "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/cows.wav",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/bovines/cow.ogg",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/bovines/cow_white.ogg"]),
    ("frog", 4, ["qabcs-data:usr/share/qabcs/abcs/all/noises/frog.ogg",
                 "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/frogs.wav",
                 "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/amphibians/frog.ogg",
                 "widelands-data:usr/share/games/widelands/data/sound/animals/frog.ogg"]),
    ("cat", 5, ["qabcs-data:usr/share/qabcs/abcs/all/noises/cat.ogg",
                "scratch:usr/share/scratch/Media/Sounds/Animal/Meow.wav",
                "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/seasonal/halloween/blackcat.ogg"]),
    ("sheep", 8, ["qabcs-data:usr/share/qabcs/abcs/all/noises/sheep.ogg",
                  "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/misc/sheep.wav",
                  "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/bovines/sheep.ogg",
                  "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/mammals/bovines/sheep_lamb.ogg",
                  "widelands-data:usr/share/games/widelands/data/sound/farm/sheep_00.ogg",
                  "widelands-data:usr/share/games/widelands/data/sound/farm/sheep_01.ogg",
                  "widelands-data:usr/share/games/widelands/data/sound/farm/sheep_02.ogg"]),
    ("chirping_birds", 14, [
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/birds1.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/birds2.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/birdchirp1.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/birdchirp3.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/birdchirp5.wav",
        "scratch:usr/share/scratch/Media/Sounds/Animal/Bird.wav",
        "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/birds/lark.ogg",
        "tuxpaint-stamps-default:usr/share/tuxpaint/stamps/animals/birds/blackbird.ogg"]),
    ("thunderstorm", 19, [
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/apoc/data/wav/explosions/thunder.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/thunder.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/thunder2.wav",
        "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/thunder3.wav"]),
]
ESC10 = {"dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing",
         "clock_tick", "helicopter", "chainsaw"}
ESC_CLIPS_PER_CLASS = 8
ESC_SECONDS = 5.0


def source_path(pkgroot, spec):
    pkg, rel = spec.split(":", 1)
    return pkg, pkgroot / pkg / rel


def esc_clip(rng, sound):
    """One 5-s clip: the sound (1-3 instances, or a fragment of a long source), silence-padded."""
    n = int(ESC_SECONDS * SR)
    out = np.zeros(n, dtype=np.float32)
    s = speed(sound, rng.uniform(0.92, 1.08))
    if s.size > n:  # a long recording: take a random 5-s fragment
        start = int(rng.integers(0, s.size - n + 1))
        out += s[start:start + n] * 10 ** (rng.uniform(-6, 0) / 20)
    else:
        repeats = int(rng.integers(1, 4))
        for _ in range(repeats):
            start = int(rng.integers(0, n - s.size + 1))
            out[start:start + s.size] += s * 10 ** (rng.uniform(-9, 0) / 20)
    return peak_normalise(out, rng.uniform(-6, -1))


def build_esc50(root, pkgroot, writer, rng, sources_used):
    base = root / "ESC-50-master"
    rows = []
    clip_id = 900000
    for category, target, specs in ESC_CLASSES:
        order = rng.permutation(len(specs))
        fold_offset = int(rng.integers(0, 5))
        for rank, i in enumerate(order):
            pkg, path = source_path(pkgroot, specs[i])
            sound = peak_normalise(trim(decode(path)), -1.0)
            fold = (rank + fold_offset) % 5 + 1  # one source file -> one fold, as ESC-50 does
            clip_id += 1
            sources_used.append(("ESC-50", pkg, specs[i].split(":", 1)[1], category, f"{clip_id} (fold {fold})"))
            # clips dealt round-robin over the class's sources: exactly ESC_CLIPS_PER_CLASS per class
            takes = ESC_CLIPS_PER_CLASS // len(specs) + (1 if rank < ESC_CLIPS_PER_CLASS % len(specs) else 0)
            for t in range(takes):
                take = chr(ord("A") + t)
                name = f"{fold}-{clip_id}-{take}-{target}.wav"
                writer.write(base / "audio" / name, esc_clip(rng, sound))
                rows.append((name, fold, target, category, category in ESC10, clip_id, take))
    rows.sort(key=lambda r: r[0])
    (base / "meta").mkdir(parents=True, exist_ok=True)
    with open(base / "meta" / "esc50.csv", "w") as f:
        f.write("filename,fold,target,category,esc10,src_file,take\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]},{r[6]}\n")
    return len(rows)


# --------------------------------------------------------------------------- speech synthesis

def espeak(text, lang, variant, pitch, rate):
    with tempfile.NamedTemporaryFile(suffix=".wav") as t:
        subprocess.run(["espeak-ng", "-v", f"{lang}+{variant}", "-p", str(pitch), "-s", str(rate),
                        "-w", t.name, text], check=True, capture_output=True)
        return decode(t.name)


def flite(text, voice, stretch):
    with tempfile.NamedTemporaryFile(suffix=".wav") as t:
        subprocess.run(["flite", "-voice", voice, "--setf", f"duration_stretch={stretch}",
                        "-t", text, "-o", t.name], check=True, capture_output=True)
        return decode(t.name)


def festival(text, voice):
    with tempfile.NamedTemporaryFile(suffix=".wav") as t, \
            tempfile.NamedTemporaryFile("w", suffix=".txt") as src:
        src.write(text)
        src.flush()
        subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", t.name, src.name],
                       check=True, capture_output=True)
        return decode(t.name)


# --------------------------------------------------------------------------- Speech Commands v2

SC_WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
ESPEAK_EN = ["en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-us-nyc",
             "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
ESPEAK_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
                   "klatt", "klatt2", "klatt3", "croak", "whisper", "aunty", "boris", "edward",
                   "linda", "belinda", "david", "grandma", "grandpa", "iven", "john", "max",
                   "michel", "norbert", "paul", "rob", "robert", "steph", "travis", "zac"]


def sc_speakers(rng, n_espeak):
    speakers = []
    for voice in ["kal", "kal16", "awb", "rms", "slt"]:
        speakers.append(("flite", voice, float(rng.uniform(0.85, 1.2))))
    for voice in ["kal_diphone", "cmu_us_slt_arctic_hts"]:
        speakers.append(("festival", voice, None))
    variants = rng.permutation(ESPEAK_VARIANTS)
    for i in range(n_espeak):
        speakers.append(("espeak", (ESPEAK_EN[i % len(ESPEAK_EN)], variants[i % len(variants)]),
                         (int(rng.integers(25, 75)), int(rng.integers(130, 210)))))
    return speakers


def voice_settings(speaker):
    engine, _, params = speaker
    if engine == "flite":
        return f"duration_stretch {params:.2f}"
    if engine == "espeak":
        return f"pitch {params[0]}, {params[1]} words/min"
    return "default"


def say(speaker, text, lang="en"):
    engine, voice, params = speaker
    if engine == "flite":
        return flite(text, voice, params)
    if engine == "festival":
        return festival(text, voice)
    return espeak(text, voice[0] if lang == "en" else lang, voice[1], params[0], params[1])


def sc_clip(rng, word_audio, noise_bank):
    n = SR
    w = trim(word_audio, -40.0)
    w = speed(w, rng.uniform(0.9, 1.1))
    if w.size > n - 800:
        w = w[: n - 800]
    out = np.zeros(n, dtype=np.float32)
    start = int(rng.integers(0, n - w.size + 1))
    out[start:start + w.size] = w
    out = peak_normalise(out, rng.uniform(-15, -3))
    noise = noise_bank[int(rng.integers(len(noise_bank)))]
    off = int(rng.integers(0, noise.size - n))
    seg = noise[off:off + n]
    speech_rms = np.sqrt(np.mean(out[start:start + w.size] ** 2))
    snr_db = rng.uniform(12, 35)
    out += seg / (np.sqrt(np.mean(seg ** 2)) + 1e-9) * speech_rms * 10 ** (-snr_db / 20)
    return np.clip(out, -1, 1)


def build_speech_commands(root, pkgroot, writer, rng, sources_used):
    base = root / "speech_commands_v0.02"
    # _background_noise_: two synthetic noises and a recorded running-water sound
    n = 6 * SR
    white = (rng.standard_normal(n) * 0.02).astype(np.float32)
    pink = pink_noise(rng, n) * 0.02
    tap_spec = "scorched3d-data:usr/share/games/scorched3d/data/globalmods/none/data/wav/misc/rain.wav"
    pkg, tap_path = source_path(pkgroot, tap_spec)
    tap = decode(tap_path)
    tap = np.tile(tap, int(np.ceil(n / max(tap.size, 1))))[:n]
    tap = peak_normalise(tap, -12.0)
    sources_used.append(("Speech Commands", pkg, tap_spec.split(":", 1)[1],
                         "_background_noise_/running_tap.wav", "-"))
    bg = base / "_background_noise_"
    writer.write(bg / "white_noise.wav", white)
    writer.write(bg / "pink_noise.wav", pink)
    writer.write(bg / "running_tap.wav", tap)
    noise_bank = [white, pink]  # keywords mix with the generated noises only (running_tap is GPL-2+)

    speakers = sc_speakers(rng, 17)
    ids = [sha8(f"{s[0]}:{s[1]}:{s[2]}") for s in speakers]
    order = rng.permutation(len(speakers))
    n_test = 5
    n_val = 3
    split_of = {}
    for rank, i in enumerate(order):
        split_of[ids[i]] = "test" if rank < n_test else ("val" if rank < n_test + n_val else "train")
    lists = {"val": [], "test": []}
    count = 0
    for spk, sid in zip(speakers, ids):
        for word in SC_WORDS:
            rel = f"{word}/{sid}_nohash_0.wav"
            writer.write(base / rel, sc_clip(rng, say(spk, word), noise_bank))
            count += 1
            if split_of[sid] in lists:
                lists[split_of[sid]].append(rel)
    (base / "validation_list.txt").write_text("".join(r + "\n" for r in sorted(lists["val"])))
    (base / "testing_list.txt").write_text("".join(r + "\n" for r in sorted(lists["test"])))
    with open(base / "README.md", "w") as f:
        f.write("# Speech Commands-style demo keywords\n\nEach speaker id is one synthetic voice; its "
                "split follows validation_list.txt and testing_list.txt.\n\n"
                "| speaker id | split | engine | voice | settings |\n|---|---|---|---|---|\n")
        for spk, sid in zip(speakers, ids):
            voice = spk[1] if isinstance(spk[1], str) else "+".join(spk[1])
            settings = voice_settings(spk)
            f.write(f"| {sid} | {split_of[sid]} | {spk[0]} | {voice} | {settings} |\n")
    return count, len(speakers)


# --------------------------------------------------------------------------- VoxForge

VF_HOST = "www.repository.voxforge1.org/downloads"
VF_SENTENCES = {
    "de": ["Der Zug nach Berlin fährt um acht Uhr ab.", "Heute regnet es den ganzen Tag.",
           "Meine Schwester wohnt in einem kleinen Dorf.", "Bitte schließen Sie die Tür hinter sich.",
           "Wir treffen uns morgen früh am Bahnhof.", "Das Wasser im See ist sehr kalt."],
    "en": ["The train to London leaves at eight o'clock.", "It has been raining all day today.",
           "My sister lives in a small village.", "Please close the door behind you.",
           "We will meet at the station tomorrow morning.", "The water in the lake is very cold."],
    "es": ["El tren a Madrid sale a las ocho.", "Hoy ha llovido durante todo el día.",
           "Mi hermana vive en un pueblo pequeño.", "Por favor, cierre la puerta al salir.",
           "Nos vemos mañana por la mañana en la estación.", "El agua del lago está muy fría."],
    "fr": ["Le train pour Paris part à huit heures.", "Il a plu toute la journée aujourd'hui.",
           "Ma sœur habite dans un petit village.", "Veuillez fermer la porte derrière vous.",
           "Nous nous retrouvons demain matin à la gare.", "L'eau du lac est très froide."],
    "it": ["Il treno per Roma parte alle otto.", "Oggi ha piovuto per tutto il giorno.",
           "Mia sorella abita in un piccolo paese.", "Per favore, chiuda la porta dietro di sé.",
           "Ci vediamo domani mattina alla stazione.", "L'acqua del lago è molto fredda."],
    "ru": ["Поезд в Москву отправляется в восемь часов.", "Сегодня весь день идёт дождь.",
           "Моя сестра живёт в маленькой деревне.", "Пожалуйста, закройте за собой дверь.",
           "Мы встретимся завтра утром на вокзале.", "Вода в озере очень холодная."],
}
VF_ESPEAK_LANG = {"de": ["de"], "en": ["en-us", "en-gb", "en-gb-scotland"], "es": ["es", "es-419"],
                  "fr": ["fr-fr", "fr-be", "fr-ch"], "it": ["it"], "ru": ["ru", "ru-lv"]}
VF_SPEAKERS_PER_LANG = 10
VF_UTTERANCES = 2
# the same six espeak-ng voice variants in every language, so the voice says nothing about it
VF_VARIANTS = ["m1", "m3", "m7", "f1", "f2", "f4"]


def tfds_speaker_splits(speakers):
    """TFDS voxforge: sorted unique speaker ids shuffled by RandomState(0), cut at 0.7n/0.8n."""
    ids = sorted(speakers)
    np.random.RandomState(0).shuffle(ids)
    n = len(ids)
    return ids[:int(0.7 * n)], ids[int(0.7 * n):int(0.8 * n)], ids[int(0.8 * n):]


def build_voxforge(root, writer, rng):
    base = root / "voxforge"
    langs = sorted(VF_SENTENCES)
    n = len(langs) * VF_SPEAKERS_PER_LANG
    # speaker ids say nothing about the language; languages are dealt so that the test and
    # validation speakers (as TFDS's split will pick them) cover the languages evenly
    names = sorted(f"espeak{int(v):03d}" for v in rng.choice(np.arange(100, 1000), n, replace=False))
    train, val, test = tfds_speaker_splits(names)
    dealt = [langs[i % len(langs)] for i in range(n)]
    lang_of = dict(zip(list(test) + list(val) + list(train), dealt))
    reps = -(-VF_SPEAKERS_PER_LANG // len(VF_VARIANTS))
    variant_queue = {lang: list(rng.permutation(VF_VARIANTS * reps))[:VF_SPEAKERS_PER_LANG] for lang in langs}
    urls = []
    count = 0
    for speaker in names:
        lang = lang_of[speaker]
        variant = variant_queue[lang].pop()
        k = len(variant_queue[lang])
        dialect = VF_ESPEAK_LANG[lang][k % len(VF_ESPEAK_LANG[lang])]
        pitch, rate = int(rng.integers(25, 75)), int(rng.integers(130, 190))
        date = f"2019{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"
        archive = f"{speaker}-{date}-{''.join(rng.choice(list('abcdefghijklmnopqrstuvwxyz'), 3))}"
        rel = f"{VF_HOST}/{lang}/Trunk/Audio/Main/16kHz_16bit/{archive}"
        urls.append(rel + ".tgz")
        folder = base / rel
        prompts = []
        sentences = rng.permutation(len(VF_SENTENCES[lang]))[:VF_UTTERANCES]
        for u, si in enumerate(sentences):
            text = VF_SENTENCES[lang][si]
            x = trim(espeak(text, dialect, variant, pitch, rate), -40.0)
            x = speed(x, rng.uniform(0.93, 1.07))
            lead = np.zeros(int(rng.uniform(0.1, 0.4) * SR), dtype=np.float32)
            x = peak_normalise(np.concatenate([lead, x, lead[: len(lead) // 2]]), rng.uniform(-14, -4))
            x = x + pink_noise(rng, x.size) * 10 ** (rng.uniform(-80, -68) / 20)
            utt = f"a{u + 1:04d}"
            writer.write(folder / "wav" / f"{utt}.wav", x)
            prompts.append(f"{archive}/mfc/{utt} {text}")
            count += 1
        etc = folder / "etc"
        etc.mkdir(parents=True, exist_ok=True)
        (etc / "PROMPTS").write_text("\n".join(prompts) + "\n")
        (etc / "prompts-original").write_text("\n".join(p.split("/mfc/", 1)[1] for p in prompts) + "\n")
        (etc / "README").write_text(
            f"User Name:{speaker}\n\nSpeaker Characteristics:\n\nGender: synthetic\n"
            f"Age Range: n/a\nLanguage: {lang.upper()}\nPronunciation dialect: {dialect}\n\n"
            f"Recording Information:\n\nMicrophone make: none (espeak-ng voice {dialect}+{variant}, "
            f"pitch {pitch}, speed {rate} words/min)\nFile type: wav\nSampling Rate: 16000\n"
            f"Sample rate format: 16\nNumber of channels: 1\n")
        (etc / "LICENSE").write_text(
            "Synthesised with espeak-ng (GPL-3+) for the hares demo suite; see the suite's LICENSE.md.\n")
    (base / "voxforge_urls.txt").write_text("".join(u + "\n" for u in sorted(urls)))
    return count, len(urls)


# --------------------------------------------------------------------------- NSynth

NSYNTH_FAMILIES = ["bass", "brass", "flute", "guitar", "keyboard", "mallet", "organ", "reed",
                   "string", "synth_lead", "vocal"]
NSYNTH_SOURCES = ["acoustic", "electronic", "synthetic"]
# GM program -> (family, source); General MIDI program numbers are 0-based here.
GM_PROGRAMS = {
    "bass": [(32, "acoustic"), (33, "electronic"), (34, "electronic"), (35, "electronic"),
             (36, "electronic"), (38, "synthetic"), (39, "synthetic")],
    "brass": [(56, "acoustic"), (57, "acoustic"), (58, "acoustic"), (60, "acoustic"), (61, "acoustic"),
              (62, "synthetic"), (63, "synthetic")],
    "flute": [(72, "acoustic"), (73, "acoustic"), (74, "acoustic"), (75, "acoustic"), (77, "acoustic"),
              (79, "acoustic")],
    "guitar": [(24, "acoustic"), (25, "acoustic"), (26, "electronic"), (27, "electronic"),
               (29, "electronic"), (30, "electronic")],
    "keyboard": [(0, "acoustic"), (1, "acoustic"), (2, "electronic"), (4, "electronic"),
                 (5, "electronic"), (6, "acoustic"), (7, "electronic")],
    "mallet": [(8, "acoustic"), (9, "acoustic"), (10, "acoustic"), (11, "acoustic"), (12, "acoustic"),
               (13, "acoustic"), (14, "acoustic")],
    "organ": [(16, "electronic"), (17, "electronic"), (18, "electronic"), (19, "acoustic"),
              (20, "acoustic")],
    "reed": [(64, "acoustic"), (65, "acoustic"), (66, "acoustic"), (68, "acoustic"), (70, "acoustic"),
             (71, "acoustic"), (21, "acoustic"), (22, "acoustic")],
    "string": [(40, "acoustic"), (41, "acoustic"), (42, "acoustic"), (48, "acoustic"), (49, "acoustic"),
               (50, "synthetic"), (51, "synthetic")],
    "synth_lead": [(80, "synthetic"), (81, "synthetic"), (82, "synthetic"), (83, "synthetic"),
                   (84, "synthetic"), (86, "synthetic"), (87, "synthetic")],
    "vocal": [(52, "acoustic"), (53, "acoustic"), (54, "synthetic"), (85, "synthetic")],
}
# MIDI pitch range each family is rendered in (NSynth's notes span 21-108)
FAMILY_RANGE = {"bass": (28, 55), "brass": (45, 77), "flute": (60, 91), "guitar": (40, 76),
                "keyboard": (33, 96), "mallet": (55, 96), "organ": (36, 84), "reed": (45, 81),
                "string": (40, 88), "synth_lead": (40, 88), "vocal": (48, 79)}
NSYNTH_VELOCITIES = [25, 50, 75, 100, 127]
NSYNTH_SPLIT_INSTRUMENTS = {"train": 3, "valid": 1, "test": 2}
NSYNTH_NOTES = {"train": 3, "valid": 1, "test": 3}
NOTE_SLOT = 5.0  # seconds between note starts in the rendered MIDI file (note 3 s + 2 s release room)


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def midi_file(notes):
    """A format-0 MIDI file, one (program, pitch, velocity) note every NOTE_SLOT seconds,
    held 3 s; 480 ticks/beat at 120 bpm, so 960 ticks = 1 s."""
    tps = 960
    events = []
    for i, (program, pitch, vel) in enumerate(notes):
        t0 = int(i * NOTE_SLOT * tps)
        events.append((t0, 0, bytes([0xC0, program])))
        events.append((t0, 1, bytes([0x90, pitch, vel])))
        events.append((t0 + 3 * tps, 2, bytes([0x80, pitch, 0])))
    events.sort(key=lambda e: (e[0], e[1]))
    track = b""
    now = 0
    for t, _, data in events:
        track += vlq(t - now) + data
        now = t
    end = int(len(notes) * NOTE_SLOT * tps)
    track += vlq(end - now) + b"\xff\x2f\x00"
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480)
    return header + b"MTrk" + struct.pack(">I", len(track)) + track


def render(notes, soundfont):
    """Renders every note in one fluidsynth run (no reverb or chorus) -> 4-s mono clips."""
    with tempfile.TemporaryDirectory() as d:
        mid = Path(d) / "n.mid"
        raw = Path(d) / "n.raw"
        mid.write_bytes(midi_file(notes))
        subprocess.run(["fluidsynth", "-n", "-i", "-q", "-R", "0", "-C", "0", "-g", "0.25",
                        "-r", str(SR), "-T", "raw", "-O", "float", "-F", str(raw), soundfont, str(mid)],
                       check=True, capture_output=True)
        x = np.fromfile(raw, dtype="<f4").reshape(-1, 2).mean(axis=1)
    n = int(4 * SR)
    slot = int(NOTE_SLOT * SR)
    out = []
    for i in range(len(notes)):
        seg = x[i * slot: i * slot + n]
        out.append(np.pad(seg, (0, n - seg.size)).astype(np.float32))
    return out


def build_nsynth(root, writer, rng, soundfont):
    base = root / "nsynth"
    counters = {s: 0 for s in NSYNTH_SOURCES}
    planned = []  # (split, note_str, program, pitch, velocity, json fields)
    for fi, family in enumerate(NSYNTH_FAMILIES):
        programs = [GM_PROGRAMS[family][i] for i in rng.permutation(len(GM_PROGRAMS[family]))]
        cursor = 0
        for split in ["train", "valid", "test"]:  # instruments never shared between splits
            for _ in range(NSYNTH_SPLIT_INSTRUMENTS[split]):
                program, source = programs[cursor % len(programs)]
                cursor += 1
                inst_index = counters[source]
                counters[source] += 1
                instrument_str = f"{family}_{source}_{inst_index:03d}"
                lo, hi = FAMILY_RANGE[family]
                pitches = rng.choice(np.arange(lo, hi + 1), NSYNTH_NOTES[split], replace=False)
                vels = rng.choice(NSYNTH_VELOCITIES, NSYNTH_NOTES[split])
                for pitch, vel in zip(pitches.tolist(), vels.tolist()):
                    note_str = f"{instrument_str}-{pitch:03d}-{vel:03d}"
                    planned.append((split, note_str, program, pitch, vel, {
                        "pitch": pitch, "velocity": vel,
                        "instrument_family": fi, "instrument_family_str": family,
                        "instrument_source": NSYNTH_SOURCES.index(source), "instrument_source_str": source,
                        "instrument": 100 * fi + cursor, "instrument_str": instrument_str,
                        "note_str": note_str, "qualities": [0] * 10, "qualities_str": []}))
    audio = render([(p[2], p[3], p[4]) for p in planned], soundfont)
    examples = {s: {} for s in NSYNTH_SPLIT_INSTRUMENTS}
    programs_used = {}
    for note_id, ((split, note_str, program, _, _, fields), x) in enumerate(zip(planned, audio)):
        writer.write(base / f"nsynth-{split}" / "audio" / f"{note_str}.wav", x)
        examples[split][note_str] = {"note": note_id, "sample_rate": SR, **fields}
        programs_used[fields["instrument_str"]] = (split, program)
    for split, ex in examples.items():
        with open(base / f"nsynth-{split}" / "examples.json", "w") as f:
            json.dump(dict(sorted(ex.items())), f, indent=2, ensure_ascii=False)
            f.write("\n")
    with open(base / "README.md", "w") as f:
        f.write("# NSynth-style demo notes\n\nRendered with fluidsynth from FluidR3_GM.sf2 "
                "(Debian package fluid-soundfont-gm): 4-s notes at 16 kHz, held 3 s, no reverb or "
                "chorus, synth gain 0.25 and no normalisation (levels follow the MIDI velocity). "
                "Instruments never cross splits; `qualities` are not annotated (all 0).\n\n| instrument_str | split | GM program (0-based) |\n"
                "|---|---|---|\n")
        for inst, (split, program) in sorted(programs_used.items()):
            f.write(f"| {inst} | {split} | {program} |\n")
    return {split: len(ex) for split, ex in examples.items()}


# --------------------------------------------------------------------------- licence file

# Licences as stated in each package's /usr/share/doc/PKG/copyright (Debian 12).
DATA_PACKAGES = {
    "qabcs-data": ("usr/share/qabcs/abcs/all/noises/*.ogg", "GPL-3+",
                   "2019-2020 DanSoft (qABCs)"),
    "scorched3d-data": ("data/globalmods/apoc/* (Apocalypse mod); data/globalmods/none/*",
                        "CC-BY-SA-3.0 (apoc files); GPL-2+ (other files)",
                        "Apocalypse mod team; 2001-2014 Gavin Camp"),
    "scratch": ("usr/share/scratch/Media/*", "CC-BY-SA-3.0", "2011 Massachusetts Institute of Technology"),
    "tuxpaint-stamps-default": ("usr/share/tuxpaint/stamps/*", "GPL-2",
                                "2002-2022 Bill Kendrick and the Tux Paint contributors"),
    "widelands-data": ("usr/share/games/widelands/data/*", "GPL-2+",
                       "2002-2019 the Widelands Development Team"),
}
TOOL_PACKAGES = {
    "espeak-ng": "GPL-3+ (program and voice data, espeak-ng-data)",
    "espeak-ng-data": "GPL-3+",
    "flite": "BSD-style CMU licence (program and the kal, kal16, awb, rms, slt voices)",
    "festival": "X11-style CSTR/Edinburgh licence",
    "festvox-kallpc16k": "X11-style licence (Alan W Black, Kevin Lenzo)",
    "festvox-us-slt-hts": "EST-2003 (CMU, X11-style) and BSD-3-clause parts",
    "fluidsynth": "LGPL-2.1+",
    "fluid-soundfont-gm": "MIT (Fluid R3 GM soundfont, Frank Wen et al.)",
    "ffmpeg": "LGPL-2.1+/GPL-2+ (decoding, resampling)",
    "flac": "GPL-2+/BSD-3-clause (FLAC encoding)",
}


def package_version(pkgroot, pkg):
    done = pkgroot / pkg / ".done"
    if done.exists():
        return done.read_text().strip().split("_")[1].replace("%3a", ":")
    got = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return got.stdout.strip() or "not installed"


def write_licence(out, pkgroot, sources, codec):
    lines = [
        "# Demo suite: sources and licences",
        "",
        "Everything under `demo/suite/` was generated by `demo/build-suite.sh` (which runs",
        "`demo/build_suite.py`) from Debian 12 packages only. Audio is 16 kHz mono, 16-bit, "
        + ("FLAC-compressed and stored under the official `.wav` file names of each layout."
           if codec == "flac" else "RIFF/PCM WAV."),
        "It is demo data, built to exercise the HARES pipeline end to end; scores on it are not",
        "comparable with the published HARES numbers.",
        "",
        "## Recorded sounds (ESC-50-style task and one Speech Commands background noise)",
        "",
        "These clips are modified copies of the recordings listed below and keep the licence of",
        "their source file (share-alike and copyleft terms apply to those clips). Each",
        "source was decoded to 16 kHz mono, leading/trailing silence was trimmed, and each clip",
        "was made by a random speed change (0.92-1.08x, pitch moves with it), 1-3 copies at random",
        "offsets and gains (or a random 5-s fragment of a longer recording), silence padding to",
        "5 s and peak normalisation. The original files are in the named Debian packages.",
        "",
        "| package | version | files used | licence | copyright |",
        "|---|---|---|---|---|",
    ]
    for pkg, (files, lic, holder) in DATA_PACKAGES.items():
        lines.append(f"| {pkg} | {package_version(pkgroot, pkg)} | {files} | {lic} | {holder} |")
    lines += ["", "The source of every clip (`src_file` as in `ESC-50-master/meta/esc50.csv`):", "",
              "| used in | package | file | class | src_file |", "|---|---|---|---|---|"]
    for dataset, pkg, rel, label, src in sources:
        lines.append(f"| {dataset} | {pkg} | `/{rel}` | {label} | {src} |")
    lines += [
        "",
        "## Synthesised audio (Speech Commands-style, VoxForge-style, NSynth-style tasks)",
        "",
        "- Keywords and sentences were spoken by espeak-ng (English, German, Spanish, French,",
        "  Italian and Russian voices with voice variants, pitches and rates), flite (kal, kal16,",
        "  awb, rms, slt) and festival (kal_diphone, cmu_us_slt_arctic_hts); keywords were given",
        "  a random speed change, position and gain and mixed with the generated white or pink",
        "  noise of `_background_noise_` at 12-35 dB SNR. The sentences were written for this suite.",
        "- Notes were rendered by fluidsynth from the FluidR3_GM soundfont (General MIDI",
        "  programs mapped to the NSynth instrument families; see `nsynth/README.md`).",
        "- White and pink noise were generated with numpy.",
        "",
        "The synthesisers' and the soundfont's licences, for attribution:",
        "",
        "| package | version | licence |",
        "|---|---|---|",
    ]
    for pkg, lic in TOOL_PACKAGES.items():
        lines.append(f"| {pkg} | {package_version(pkgroot, pkg)} | {lic} |")
    lines += ["", "The synthesised and generated clips and all metadata files are distributed with hares",
              "under its Apache-2.0 licence; the clips made from recorded sounds (above) keep their",
              "sources' licences.", ""]
    (out / "LICENSE.md").write_text("\n".join(lines))


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--packages", type=Path, required=True, help="folder with one extracted tree per package")
    ap.add_argument("--soundfont", default="/usr/share/sounds/sf2/FluidR3_GM.sf2")
    ap.add_argument("--codec", choices=["flac", "pcm"], default="flac",
                    help="flac: FLAC-compressed data under the official .wav names (default); pcm: RIFF WAV")
    args = ap.parse_args()

    out = args.out
    writer = Writer(args.codec)
    sources = []
    summary = {}
    for task in ["esc50", "speech_commands", "voxforge", "nsynth"]:
        rng = np.random.default_rng([SEED, sum(map(ord, task))])
        target = out / {"esc50": "ESC-50-master", "speech_commands": "speech_commands_v0.02",
                        "voxforge": "voxforge", "nsynth": "nsynth"}[task]
        if target.exists():
            shutil.rmtree(target)
        before = (writer.files, writer.bytes, writer.seconds)
        if task == "esc50":
            summary[task] = {"clips": build_esc50(out, args.packages, writer, rng, sources)}
        elif task == "speech_commands":
            clips, speakers = build_speech_commands(out, args.packages, writer, rng, sources)
            summary[task] = {"clips": clips, "speakers": speakers}
        elif task == "voxforge":
            clips, archives = build_voxforge(out, writer, rng)
            summary[task] = {"clips": clips, "archives": archives}
        else:
            summary[task] = {"notes": build_nsynth(out, writer, rng, args.soundfont)}
        summary[task].update({"files": writer.files - before[0],
                              "megabytes": round((writer.bytes - before[1]) / 1e6, 2),
                              "seconds": round(writer.seconds - before[2], 1)})
        print(f"{task}: {json.dumps(summary[task])}", file=sys.stderr, flush=True)
    summary["total"] = {"files": writer.files, "megabytes": round(writer.bytes / 1e6, 2),
                        "seconds": round(writer.seconds, 1)}
    write_licence(out, args.packages, sources, args.codec)
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary["total"]), file=sys.stderr)
    shutil.rmtree(writer.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
