package org.hares.cli.train;

import org.hares.cli.EmbeddingRunOptions;
import org.hares.cli.ModelOptions;
import org.hares.cli.TaskSelectionOptions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hares.train.Objective;
import org.hares.train.PretrainConfig;
import org.hares.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares pretrain}: SimCLR or supervised pretraining of an NFNet, resumable, writing a backbone.npz. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrains the network with the paper's recipe (SimCLR or supervised; random 3 s crops, "
                + "Beta(5,2) example mixing, stochastic depth 0.1, Adam with warm-up and cosine decay).",
                "Writes OUT/config.json (before step 1), OUT/metrics.csv, OUT/checkpoints/ and at the end "
                        + "OUT/backbone.npz (Haiku layout: give it to --checkpoint of eval/demo) and OUT/djl/.",
                "'hares pretrain --resume OUT' continues a run from its newest complete checkpoint."})
public final class PretrainCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--objective", paramLabel = "simclr|supervised", description = "Training objective.")
    String objective;

    @Option(names = "--task", paramLabel = "ID[:VARIANT]=DIR",
            description = "Train on this task's training split (repeatable for simclr; labels are used by supervised).")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--audio", paramLabel = "DIR|LIST",
            description = "Unlabelled audio for simclr: every audio file under DIR, or a text file with one path "
                    + "(or file: URI) a line.")
    Path audio;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder: new or empty (a folder of another run is refused).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its config.json and newest complete checkpoint (no other run options).")
    Path resume;

    @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps (default: the paper's, 200000 simclr, 100000 supervised).")
    Integer steps;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Clips per optimiser step (default: the paper's, 4096 simclr, 1024 supervised).")
    Integer batchSize;

    @Option(names = "--micro-batch", defaultValue = "32", paramLabel = "N",
            description = "Views per forward/backward pass; gradient caching (simclr) or accumulation (supervised) "
                    + "makes up the batch (default: ${DEFAULT-VALUE}).")
    int microBatch;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "X", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear warm-up steps (default: min(5000, steps/10)).")
    Integer warmupSteps;

    @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "N",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}; one is always written at the end).")
    int checkpointEvery;

    @Option(names = "--crop-seconds", defaultValue = "3.0", paramLabel = "S", description = "Random crop length (default: ${DEFAULT-VALUE} s = 301 frames).")
    double cropSeconds;

    @Option(names = "--stochastic-depth", defaultValue = "0.1", paramLabel = "R", description = "Stochastic depth rate (default: ${DEFAULT-VALUE}).")
    double stochasticDepth;

    @Option(names = "--mix", defaultValue = "5,2", paramLabel = "A,B",
            description = "Example mixing: share of the original ~ Beta(A,B) (default: ${DEFAULT-VALUE}); 'off' disables it.")
    String mix;

    @Option(names = "--projector-width", defaultValue = "4096", paramLabel = "N", description = "SimCLR projector hidden width (default: ${DEFAULT-VALUE}).")
    int projectorWidth;

    @Option(names = "--projector-depth", defaultValue = "3", paramLabel = "N", description = "SimCLR projector hidden layers (default: ${DEFAULT-VALUE}).")
    int projectorDepth;

    @Option(names = "--projection-dim", defaultValue = "128", paramLabel = "N", description = "SimCLR projection size (default: ${DEFAULT-VALUE}).")
    int projectionDim;

    @Option(names = "--temperature", defaultValue = "0.1", paramLabel = "T", description = "NT-Xent temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--agc-clip", defaultValue = "0", paramLabel = "L",
            description = "Adaptive gradient clipping threshold (default: 0 = off, as in the paper; NFNet used 0.01-0.16).")
    double agcClip;

    @Mixin
    TaskSelectionOptions.SkipBadAudio skipBadAudio;

    @Mixin
    EmbeddingRunOptions.Threads threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Pretrainer.Result r;
        if (resume != null) {
            if (objective != null || out != null || !tasks.isEmpty() || audio != null) {
                throw new IllegalArgumentException("--resume DIR continues the run with its own config.json: "
                        + "give no --objective, --out, --task or --audio");
            }
            r = Pretrainer.resume(resume, err, (s, l) -> { });
        } else {
            if (objective == null || out == null) {
                throw new IllegalArgumentException("give --objective simclr|supervised and --out DIR (or --resume DIR)");
            }
            r = Pretrainer.start(out, config(), err, (s, l) -> { });
        }
        if (r.firstStep() == r.lastStep()) {
            stdout.printf("%s: the run is complete (%d steps); nothing to do.%n", r.dir(), r.lastStep());
        } else {
            stdout.printf(Locale.ROOT, "Pretrained steps %d-%d in %s: backbone %s (use it as --checkpoint), metrics.csv, "
                    + "checkpoints/, djl/.%n", r.firstStep() + 1, r.lastStep(), r.dir(), r.backbone());
        }
        if (!r.badFiles().isEmpty()) {
            stdout.printf("%d undecodable clip(s) skipped:%n", r.badFiles().size());
            r.badFiles().stream().limit(20).forEach(f -> stdout.println("  " + f));
        }
        stdout.flush();
        return 0;
    }

    PretrainConfig config() {
        Objective o = Objective.parse(objective);
        int n = steps != null ? steps : o == Objective.SIMCLR ? 200_000 : 100_000;
        double[] beta = parseMix(mix);
        return new PretrainConfig(o, model.architecture().id(), model.checkpoint().map(p -> p.toAbsolutePath().toString()).orElse(null),
                tasks.stream().map(PretrainCommand::absoluteTask).toList(),
                audio == null ? null : audio.toAbsolutePath().toString(), n,
                batchSize != null ? batchSize : o == Objective.SIMCLR ? 4096 : 1024, microBatch, lr,
                warmupSteps != null ? warmupSteps : PretrainConfig.defaultWarmup(n), checkpointEvery, model.seed(),
                cropSeconds, stochasticDepth, beta[0], beta[1], projectorWidth, projectorDepth, projectionDim, temperature,
                agcClip, skipBadAudio.given(), threads.orElse(Runtime.getRuntime().availableProcessors()),
                model.device().isGpu() ? "gpu" : "cpu");
    }

    private static String absoluteTask(String selection) {
        int eq = selection.indexOf('=');
        return eq < 0 ? selection : selection.substring(0, eq + 1) + Path.of(selection.substring(eq + 1)).toAbsolutePath();
    }

    private static double[] parseMix(String text) {
        if (text.equalsIgnoreCase("off")) {
            return new double[] {0, 0};
        }
        String[] parts = text.split(",");
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--mix must be A,B (two positive numbers) or 'off', got '" + text + "'");
    }
}
