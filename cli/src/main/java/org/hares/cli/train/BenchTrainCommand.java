package org.hares.cli.train;

import org.hares.cli.BenchCommand;
import org.hares.cli.BenchModelCommand;
import org.hares.cli.ModelOptions;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hares.train.TrainStepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares bench train}: seconds per training step (forward, backward, Adam) and peak memory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times training steps of the network on random crops: stochastic depth 0.1, weight "
                + "standardisation inside autograd, loss = mean squared embedding, backward, Adam.",
                "The PyTorch peer doing the same: benchmarks/peer/train_step_peer.py bench."})
public final class BenchTrainCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N", description = "Crops per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--frames", defaultValue = "301", paramLabel = "T", description = "Frames per crop (default: ${DEFAULT-VALUE} = 3 s).")
    int frames;

    @Option(names = "--mel-bins", defaultValue = "128", paramLabel = "F", description = "Mel bins (default: ${DEFAULT-VALUE}).")
    int melBins;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "3", paramLabel = "N", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1 || frames < 1 || melBins < 1 || warmup < 0 || steps < 1) {
            throw new IllegalArgumentException("--batch-size, --frames, --mel-bins and --steps must be positive, --warmup >= 0");
        }
        double[] seconds = TrainStepBenchmark.secondsPerStep(model.architecture(), batch, frames, melBins, warmup, steps,
                model.device());
        double median = BenchCommand.median(seconds);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "{\"model\": \"%s\", \"batch\": %d, \"frames\": %d, \"steps\": %d, \"median_s\": %.4f, "
                        + "\"steps_per_s\": %.4f, \"times_s\": [%s], \"peak_rss_mib\": %.0f}%n", model.architecture().id(), batch,
                frames, steps, median, 1 / median, Arrays.stream(seconds).mapToObj(s -> String.format(Locale.ROOT, "%.4f", s))
                        .collect(Collectors.joining(", ")), BenchModelCommand.peakRssMib());
        out.flush();
        return 0;
    }
}
