package org.hares.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hares.data.Metric;
import org.hares.eval.ClipScorer;
import org.hares.eval.EmbeddingSet;
import org.hares.eval.EvalConfig;
import org.hares.eval.FastProtocol;
import org.hares.eval.OutputLayout;
import org.hares.eval.PaperHeadTrainer;
import org.hares.eval.PaperSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hares bench heads}: cost of the heads on cached embeddings, on a synthetic Gaussian-class
 * embedding set of the requested size: the fast protocol end to end (C sweep on a held-out 10 %,
 * refit) and the paper protocol's cost per 1,000 steps (linear head, and the AudioSet MLP-512).
 */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = "Time the fast protocol and the paper protocol's heads on synthetic embeddings.")
public final class BenchHeadsCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "100000", description = "Training embeddings (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dim", defaultValue = "3456", description = "Embedding size (default: ${DEFAULT-VALUE}, Slowfast NFNet-F0).")
    int dim;

    @Option(names = "--classes", defaultValue = "35", description = "Classes (default: ${DEFAULT-VALUE}, Speech Commands v2).")
    int classes;

    @Option(names = "--test-rows", defaultValue = "10000", description = "Test embeddings (default: ${DEFAULT-VALUE}).")
    int testRows;

    @Option(names = "--steps", defaultValue = "1000", description = "Paper-protocol steps to time (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--skip-paper", description = "Only time the fast protocol.")
    boolean skipPaper;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SplittableRandom rng = new SplittableRandom(1);
        float[][] centres = new float[classes][dim];
        for (float[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) (rng.nextGaussian() * 0.08);
            }
        }
        EmbeddingSet train = draw(rows, centres, rng);
        EmbeddingSet test = draw(testRows, centres, rng);
        out.printf(Locale.ROOT, "synthetic embeddings: %d train + %d test rows × %d, %d classes; %d cores, load %.1f%n",
                rows, testRows, dim, classes, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        long t0 = System.nanoTime();
        FastProtocol.Fitted fitted = FastProtocol.fit(Metric.ACCURACY, train, Optional.empty(), EvalConfig.DEFAULT_FAST_C,
                EvalConfig.DEFAULT_FAST_MAX_ITERATIONS, 0);
        double fastSeconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = ClipScorer.score(Metric.ACCURACY, fitted.head().clipScores(test), test).value();
        out.printf(Locale.ROOT, "fast protocol: %.1f s (C sweep %s on a held-out 10%%, refit at C=%s), test accuracy %.2f %%%n",
                fastSeconds, EvalConfig.DEFAULT_FAST_C, fitted.extra().get("fast_c"), 100 * accuracy);
        out.flush();
        if (!skipPaper) {
            for (int hidden : List.of(0, 512)) {
                int batch = hidden == 0 ? 64 : 128;
                long p0 = System.nanoTime();
                PaperHeadTrainer.train(train, hidden, PaperSchedule.of(steps, batch), 0);
                double seconds = (System.nanoTime() - p0) / 1e9;
                out.printf(Locale.ROOT, "paper protocol, %s head, batch %d: %.2f s per 1k steps (%d steps timed, incl. setup)%n",
                        hidden == 0 ? "linear" : "MLP-512", batch, seconds * 1000 / steps, steps);
                out.flush();
            }
        }
        return 0;
    }

    private EmbeddingSet draw(int n, float[][] centres, SplittableRandom rng) {
        float[] x = new float[n * dim];
        float[] targets = new float[n * classes];
        int[] starts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(classes);
            targets[i * classes + k] = 1;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = centres[k][j] + (float) rng.nextGaussian();
            }
            starts[i + 1] = i + 1;
        }
        return new EmbeddingSet(x, dim, starts, targets, OutputLayout.softmax(classes));
    }
}
