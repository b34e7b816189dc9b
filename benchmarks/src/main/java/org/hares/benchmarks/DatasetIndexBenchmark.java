package org.hares.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hares.data.DatasetSelection;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.hares.HaresTasks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Indexing a dataset layout of {@code clips} clips (synthetic metadata, empty audio files):
 * listing folders, parsing metadata, building the clip list. Target: 300k clips in under 10 s.
 * Layouts: nsynth (examples.json, 3 folders), voxceleb (iden_split.txt, one folder per video),
 * audioset (segment CSVs with quoted label lists, 3 folders).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-XX:+UseParallelGC"}) // the collector the hares launcher uses
public class DatasetIndexBenchmark {

    @Param({"nsynth_pitch", "voxceleb1", "audioset"})
    String task;

    @Param({"300000"})
    int clips;

    Path root;

    @Setup(Level.Trial)
    public void write() throws IOException {
        root = Files.createTempDirectory("hares-index-bench");
        switch (task) {
            case "nsynth_pitch" -> nsynth();
            case "voxceleb1" -> voxceleb();
            case "audioset" -> audioset();
            default -> throw new IllegalArgumentException(task);
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public int index() {
        Task t = HaresTasks.load(DatasetSelection.of(TaskRef.parse(task), root));
        if (t.clips().size() != clips) {
            throw new IllegalStateException("expected " + clips + " clips, got " + t.clips().size());
        }
        return t.clips().size();
    }

    private void nsynth() throws IOException {
        String[] families = {"bass", "brass", "flute", "guitar", "keyboard", "mallet", "organ", "reed", "string", "synth_lead", "vocal"};
        int[] sizes = {clips - clips / 10, clips / 20, clips / 10 - clips / 20};
        String[] splits = {"train", "valid", "test"};
        int n = 0;
        for (int s = 0; s < 3; s++) {
            Path dir = Files.createDirectories(root.resolve("nsynth-" + splits[s] + "/audio"));
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolveSibling("examples.json"), StandardCharsets.UTF_8)) {
                w.write("{\n");
                for (int i = 0; i < sizes[s]; i++, n++) {
                    int f = n % families.length;
                    String key = families[f] + "_synthetic_" + (n / 128) + "-" + String.format("%03d", n % 128) + "-100";
                    w.write((i > 0 ? ",\n" : "") + "\"" + key + "\": {\"qualities\": [0, 1, 0, 0, 0, 0, 0, 0, 0, 0], \"pitch\": "
                            + (n % 128) + ", \"note\": " + n + ", \"instrument_source_str\": \"synthetic\", \"velocity\": 100,"
                            + " \"instrument_str\": \"" + families[f] + "_synthetic_" + (n / 128) + "\", \"instrument\": " + (n / 128)
                            + ", \"sample_rate\": 16000, \"qualities_str\": [\"bright\"], \"instrument_source\": 2, \"note_str\": \""
                            + key + "\", \"instrument_family\": " + f + ", \"instrument_family_str\": \"" + families[f] + "\"}");
                    Files.createFile(dir.resolve(key + ".wav"));
                }
                w.write("\n}\n");
            }
        }
    }

    private void voxceleb() throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(root.resolve("iden_split.txt"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < clips; i++) {
                String rel = "id" + (10001 + i % 1251) + "/video" + (i / 1251 % 20) + "/" + String.format("%05d", i / 25020 + 1) + ".wav";
                w.write((i % 20 == 0 ? "3 " : "1 ") + rel + "\n");
                Path f = root.resolve("vox1_dev_wav/wav").resolve(rel);
                Files.createDirectories(f.getParent());
                Files.createFile(f);
            }
        }
    }

    private void audioset() throws IOException {
        String[] mids = {"/m/09x0r", "/m/04rlf", "/m/0bt9lr", "/m/07yv9", "/t/dd00088"};
        String[] csvs = {"balanced_train_segments", "unbalanced_train_segments", "eval_segments"};
        int[] sizes = {clips / 15, clips - 2 * (clips / 15), clips / 15};
        Path index = root.resolve("class_labels_indices.csv");
        try (BufferedWriter w = Files.newBufferedWriter(index, StandardCharsets.UTF_8);
             var in = HaresTasks.class.getResourceAsStream("audioset_mids.txt")) {
            w.write("index,mid,display_name\n");
            int i = 0;
            for (String mid : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
                w.write(i++ + "," + mid + ",\"class\"\n");
            }
        }
        int n = 0;
        for (int c = 0; c < 3; c++) {
            Path dir = Files.createDirectories(root.resolve("audio/" + csvs[c]));
            try (BufferedWriter w = Files.newBufferedWriter(root.resolve(csvs[c] + ".csv"), StandardCharsets.UTF_8)) {
                w.write("# YTID, start_seconds, end_seconds, positive_labels\n");
                for (int i = 0; i < sizes[c]; i++, n++) {
                    String ytid = String.format("yt%09d", n);
                    w.write(ytid + ", 30.000, 40.000, \"" + mids[n % 5] + "," + mids[(n + 2) % 5] + "\"\n");
                    Files.createFile(dir.resolve(ytid + "_30.000.wav"));
                }
            }
        }
    }

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
