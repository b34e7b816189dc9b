package org.hares.data.hares;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;

/**
 * Speech Commands. v1 (12 labels) is TFDS's {@code speech_commands} construction (tasks.md
 * decision 1): train = every wav of the main archive not in validation_list.txt or
 * testing_list.txt, validation = validation_list.txt plus {@code _background_noise_/running_tap.wav},
 * test = the separate test-set archive; the other words become {@code _unknown_}, and each
 * background-noise file is cut into 1-s {@code _silence_} windows every 0.5 s
 * ({@code range(0, n - 16000, 8000)} over its samples). v2 (35 words) uses the official lists.
 */
final class SpeechCommandsLoader implements TaskLoader {

    static final List<String> WORDS_10 = List.of("down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes");
    static final String SILENCE = "_silence_";
    static final String UNKNOWN = "_unknown_";
    static final String BACKGROUND = "_background_noise_";
    static final List<String> CLASSES_V1;
    static final List<String> WORDS_V2 = List.of("backward", "bed", "bird", "cat", "dog", "down", "eight", "five",
            "follow", "forward", "four", "go", "happy", "house", "learn", "left", "marvin", "nine", "no", "off", "on",
            "one", "right", "seven", "sheila", "six", "stop", "three", "tree", "two", "up", "visual", "wow", "yes", "zero");
    static final String VALIDATION_LIST = "validation_list.txt";
    static final String TESTING_LIST = "testing_list.txt";
    static final int SAMPLE_RATE = 16_000;

    static {
        List<String> c = new ArrayList<>(WORDS_10);
        c.add(SILENCE);
        c.add(UNKNOWN);
        CLASSES_V1 = List.copyOf(c);
    }

    private final boolean v1;

    private SpeechCommandsLoader(boolean v1) {
        this.v1 = v1;
    }

    static SpeechCommandsLoader v1() {
        return new SpeechCommandsLoader(true);
    }

    static SpeechCommandsLoader v2() {
        return new SpeechCommandsLoader(false);
    }

    static String mainFolder(String version) {
        return "speech_commands_" + version;
    }

    static String testFolder(String version) {
        return "speech_commands_test_set_" + version;
    }

    @Override
    public String id() {
        return v1 ? "speech_commands_v1" : "speech_commands_v2";
    }

    @Override
    public List<String> variants() {
        return v1 ? List.of("tfds", "v0.01") : List.of(TaskRef.DEFAULT_VARIANT);
    }

    @Override
    public String defaultVariant() {
        return v1 ? "tfds" : TaskRef.DEFAULT_VARIANT;
    }

    @Override
    public TaskSpec spec(String variant) {
        Protocol.Builder b = Protocol.task(id(), variant).domain(Domain.SPEECH)
                .windowing(1.0, new org.hares.data.Windowing.Consecutive(1.0))
                .source("train.crop", "the full 1-s clip, shorter clips zero-padded (paper App. A)");
        if (!v1) {
            return b.classes(Protocol.classes("word", WORDS_V2))
                    .source("split", "official validation_list.txt / testing_list.txt of v0.02, train = the rest")
                    .source("classes", "the 35 words in alphabetical order; no _silence_ or _unknown_")
                    .build();
        }
        b.classes(Protocol.classes("label", CLASSES_V1))
                .source("classes", "TFDS speech_commands order: 10 words, _silence_, _unknown_")
                .source("split", "train = main archive minus validation_list.txt and testing_list.txt; validation = validation_list.txt"
                        + " + _background_noise_/running_tap.wav; test = the separate test-set archive (TFDS speech_commands.py)")
                .source("silence", "1-s windows every 0.5 s of _background_noise_/*.wav, running_tap.wav to validation (TFDS speech_commands.py)");
        if (variant.equals("tfds")) {
            return b.source("construction", "TFDS speech_commands on v0.02 audio with 12 labels (tasks.md decision 1: the paper's '90k')")
                    .build();
        }
        return b.source("construction", "the TFDS construction applied to v0.01 audio and speech_commands_test_set_v0.01 (variant v0.01)")
                .build();
    }

    @Override
    public String layout() {
        if (!v1) {
            return """
                    ROOT/speech_commands_v0.02/   speech_commands_v0.02.tar.gz extracted here
                      <word>/*.wav (35 words), validation_list.txt, testing_list.txt
                    (the same ROOT serves speech_commands_v1; _background_noise_ is not used by v2)""";
        }
        return """
                ROOT/speech_commands_v0.02/            speech_commands_v0.02.tar.gz extracted here
                  <word>/*.wav, _background_noise_/*.wav, validation_list.txt, testing_list.txt
                ROOT/speech_commands_test_set_v0.02/   speech_commands_test_set_v0.02.tar.gz extracted here
                  <word>/*.wav, _unknown_/*.wav, _silence_/*.wav
                variant v0.01: the same with speech_commands_v0.01/ and speech_commands_test_set_v0.01/""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        if (!v1) {
            return Map.of(Split.TRAIN, 84_843, Split.VALID, 9_981, Split.TEST, 11_005);
        }
        return variant.equals("tfds") ? Map.of(Split.TRAIN, 85_511, Split.VALID, 10_102, Split.TEST, 4_890)
                : Map.of(Split.TEST, 3_081);
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        String version = v1 && spec.ref().variant().equals("v0.01") ? "v0.01" : "v0.02";
        Path main = scan.folder(mainFolder(version), "extracted speech_commands_" + version + ".tar.gz");
        Path validationList = scan.metadata(mainFolder(version) + "/" + VALIDATION_LIST, "validation list");
        Path testingList = scan.metadata(mainFolder(version) + "/" + TESTING_LIST, "testing list");
        Set<String> validation = listed(scan, main, validationList);
        Set<String> testing = listed(scan, main, testingList);
        List<Clip> clips = new ArrayList<>();
        for (String word : scan.files.sortedNames(main)) {
            Path dir = main.resolve(word);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            if (word.equals(BACKGROUND)) {
                if (v1) {
                    silenceWindows(scan, dir, validation, clips);
                } else {
                    scan.note("background-noise files (not used by v2)", wavNames(scan, dir).size());
                    wavNames(scan, dir).forEach(n -> scan.files.claim(dir.resolve(n)));
                }
                continue;
            }
            int label = label(word, dir);
            for (String name : wavNames(scan, dir)) {
                String rel = word + "/" + name;
                Path file = dir.resolve(name);
                scan.files.claim(file);
                Split split = testing.contains(rel) ? Split.TEST : validation.contains(rel) ? Split.VALID : Split.TRAIN;
                if (v1 && split == Split.TEST) {
                    continue; // v1 takes its test clips from the test-set archive
                }
                scan.uniqueId(rel, main);
                clips.add(new Clip(rel, file, Segment.WHOLE, split, 0, new Labels.Single(label)));
            }
        }
        if (v1) {
            Path test = scan.folder(testFolder(version), "extracted speech_commands_test_set_" + version + ".tar.gz");
            for (String word : scan.files.sortedNames(test)) {
                Path dir = test.resolve(word);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                int label = word.equals(SILENCE) || word.equals(BACKGROUND) ? CLASSES_V1.indexOf(SILENCE)
                        : WORDS_10.contains(word) ? CLASSES_V1.indexOf(word) : CLASSES_V1.indexOf(UNKNOWN);
                for (String name : wavNames(scan, dir)) {
                    String id = "test/" + word + "/" + name;
                    scan.files.claim(dir.resolve(name));
                    scan.uniqueId(id, test);
                    clips.add(new Clip(id, dir.resolve(name), Segment.WHOLE, Split.TEST, 0, new Labels.Single(label)));
                }
            }
        }
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    private int label(String word, Path dir) {
        if (v1) {
            return WORDS_10.contains(word) ? CLASSES_V1.indexOf(word) : CLASSES_V1.indexOf(UNKNOWN);
        }
        int i = WORDS_V2.indexOf(word);
        if (i < 0) {
            throw new DatasetLayoutException(dir, "folder '" + word + "' is not one of the 35 Speech Commands v2 words " + WORDS_V2);
        }
        return i;
    }

    /** Entries of a list file; each must exist under the main folder (else recorded as missing). */
    private static Set<String> listed(Scan scan, Path main, Path listFile) {
        Set<String> entries = new HashSet<>();
        for (String line : Csv.lines(listFile)) {
            String rel = line.replace('\\', '/');
            if (!entries.add(rel)) {
                throw new DatasetLayoutException(listFile, "duplicate entry '" + rel + "'");
            }
            scan.audio(main.resolve(rel), listFile);
        }
        return entries;
    }

    private static List<String> wavNames(Scan scan, Path dir) {
        return scan.files.sortedNames(dir).stream().filter(n -> n.endsWith(".wav")).toList();
    }

    private static void silenceWindows(Scan scan, Path dir, Set<String> validation, List<Clip> clips) {
        int silence = CLASSES_V1.indexOf(SILENCE);
        for (String name : wavNames(scan, dir)) {
            Path file = dir.resolve(name);
            scan.files.claim(file);
            String rel = BACKGROUND + "/" + name;
            // TFDS appends running_tap.wav to the validation list
            Split split = rel.equals(BACKGROUND + "/running_tap.wav") || validation.contains(rel) ? Split.VALID : Split.TRAIN;
            WavHeader h = WavHeader.read(file);
            if (h.sampleRate() != SAMPLE_RATE || h.channels() != 1) {
                throw new DatasetLayoutException(file, "background noise must be 16 kHz mono (windows are cut by sample count), found "
                        + h.sampleRate() + " Hz, " + h.channels() + " channel(s)");
            }
            long windows = 0;
            for (long start = 0; start < h.frames() - SAMPLE_RATE; start += SAMPLE_RATE / 2) {
                String id = rel + "@" + start;
                clips.add(new Clip(id, file, new Segment((double) start / SAMPLE_RATE, 1.0), split, 0,
                        new Labels.Single(silence)));
                windows++;
            }
            scan.note("_silence_ windows cut from " + rel, windows);
        }
    }
}
