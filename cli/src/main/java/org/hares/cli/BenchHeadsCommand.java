package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hares.data.Metric;
import org.hares.eval.heads.ClipScorer;
import org.hares.eval.heads.EmbeddingSet;
import org.hares.eval.EvalConfig;
import org.hares.eval.heads.FastProtocol;
import org.hares.eval.heads.OutputLayout;
import org.hares.eval.heads.PaperHeadTrainer;
import org.hares.eval.heads.PaperSchedule;
import org.hares.Progress;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hares bench heads}: cost of the heads on cached embeddings, measured on synthetic
 * embeddings of the requested size: the fast protocol end to end (C sweep on a held-out 10 %,
 * refit) and the paper protocol's cost per 1,000 steps (linear head, and the AudioSet MLP-512).
 *
 * <p>The embeddings are shaped like an encoder's rather than like white noise, since L-BFGS's
 * iteration count depends on it: each class has a centre in a low-dimensional latent space, a row
 * is its class centre plus unit Gaussian noise there, mixed into all dimensions, plus independent
 * noise per dimension, then every dimension gets its own scale (log-normal) and offset. Features
 * are therefore correlated and unevenly scaled, and the classes overlap.
 */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = "Time the fast protocol and the paper protocol's heads on synthetic embeddings.")
public final class BenchHeadsCommand implements Callable<Integer> {

    @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", description = "Training embeddings (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "3456", description = "Embedding size (default: ${DEFAULT-VALUE}, Slowfast NFNet-F0).")
    int dim;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "35", description = "Classes (default: ${DEFAULT-VALUE}, Speech Commands v2).")
    int classes;

    @Option(names = "--test-rows", paramLabel = "N", defaultValue = "10000", description = "Test embeddings (default: ${DEFAULT-VALUE}).")
    int testRows;

    @Option(names = "--latent", paramLabel = "N", defaultValue = "64", description = "Latent dimensions the classes differ in (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--separation", paramLabel = "S", defaultValue = "0.4",
            description = "Spread of the class centres in latent units (default: ${DEFAULT-VALUE}; smaller is harder).")
    double separation;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "2.0", description = "Independent noise per dimension (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "1", description = "Fast-protocol fits to time; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Paper-protocol steps to time (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--skip-paper", description = "Only time the fast protocol.")
    boolean skipPaper;

    @Option(names = "--save", paramLabel = "DIR",
            description = "Also write the embeddings (x_train.npy, y_train.npy, x_test.npy, y_test.npy) for the scikit-learn peer, "
                    + "benchmarks/peer/fast_protocol_peer.py.")
    Path save;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rows < 20 || dim < 1 || classes < 2 || testRows < 1 || latent < 1 || repeats < 1 || steps < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "need --rows >= 20, --classes >= 2 and positive --dim, --test-rows, --latent, --repeats, --steps");
        }
        PrintWriter out = spec.commandLine().getOut();
        Synthetic synthetic = new Synthetic(new SplittableRandom(1));
        long g0 = System.nanoTime();
        int[] trainLabels = synthetic.labels(rows);
        int[] testLabels = synthetic.labels(testRows);
        EmbeddingSet train = synthetic.embeddings(trainLabels);
        EmbeddingSet test = synthetic.embeddings(testLabels);
        out.printf(Locale.ROOT, "synthetic embeddings (%.1f s): %d train + %d test rows × %d, %d classes; %d cores, load %.1f%n",
                (System.nanoTime() - g0) / 1e9, rows, testRows, dim, classes, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        if (save != null) {
            save(train, trainLabels, test, testLabels);
            out.println("embeddings written to " + save);
        }
        double[] seconds = new double[repeats];
        FastProtocol.Fitted fitted = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            fitted = FastProtocol.fit(Metric.ACCURACY, train, Optional.empty(), EvalConfig.DEFAULT_FAST_C,
                    EvalConfig.DEFAULT_FAST_MAX_ITERATIONS, 0);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
        }
        double accuracy = ClipScorer.score(Metric.ACCURACY, fitted.head().clipScores(test), test).value();
        out.printf(Locale.ROOT, "fast protocol: median %.1f s of %s (C sweep %s on a held-out 10%%, refit at C=%s: %s iterations, converged %s), "
                        + "test accuracy %.2f %%%n",
                BenchCommand.median(seconds), format(seconds), EvalConfig.DEFAULT_FAST_C, fitted.extra().get("fast_c"),
                fitted.extra().get("fast_iterations"), fitted.extra().get("fast_converged"), 100 * accuracy);
        out.flush();
        if (!skipPaper) {
            // a first short run pays the set-up (copying the embeddings into native memory, first touch of its pages);
            // then two runs of different length, whose difference is the cost of the steps alone
            int warmRun = 10;
            int shortRun = Math.max(1, steps / 5);
            for (int hidden : List.of(0, 512)) {
                int batch = hidden == 0 ? 64 : 128;
                double firstSeconds = timePaper(train, hidden, warmRun, batch);
                double shortSeconds = timePaper(train, hidden, shortRun, batch);
                double longSeconds = timePaper(train, hidden, shortRun + steps, batch);
                double perStep = (longSeconds - shortSeconds) / steps;
                out.printf(Locale.ROOT, "paper protocol, %s head, batch %d: %.2f s per 1k steps (%d steps timed), set-up %.1f s%n",
                        hidden == 0 ? "linear" : "MLP-512", batch, perStep * 1000, steps, Math.max(0, firstSeconds - perStep * warmRun));
                out.flush();
            }
        }
        return 0;
    }

    private static double timePaper(EmbeddingSet train, int hidden, int steps, int batch) {
        long t0 = System.nanoTime();
        PaperHeadTrainer.train(train, hidden, PaperSchedule.of(steps, batch), 0, Progress.silent());
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The generator described in the class comment, seeded. */
    private final class Synthetic {
        private final SplittableRandom rng;
        private final float[][] centres = new float[classes][latent];
        private final float[][] mix = new float[latent][dim];
        private final float[] scale = new float[dim];
        private final float[] offset = new float[dim];

        Synthetic(SplittableRandom rng) {
            this.rng = rng;
            for (float[] c : centres) {
                for (int q = 0; q < latent; q++) {
                    c[q] = (float) (rng.nextGaussian() * separation);
                }
            }
            for (float[] m : mix) {
                for (int j = 0; j < dim; j++) {
                    m[j] = (float) (rng.nextGaussian() / Math.sqrt(latent));
                }
            }
            for (int j = 0; j < dim; j++) {
                scale[j] = (float) Math.exp(rng.nextGaussian());
                offset[j] = (float) rng.nextGaussian();
            }
        }

        int[] labels(int n) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = rng.nextInt(classes);
            }
            return out;
        }

        EmbeddingSet embeddings(int[] labels) {
            int n = labels.length;
            float[] x = new float[n * dim];
            float[] targets = new float[n * classes];
            int[] starts = new int[n + 1];
            float[] z = new float[latent];
            for (int i = 0; i < n; i++) {
                targets[i * classes + labels[i]] = 1;
                starts[i + 1] = i + 1;
                for (int q = 0; q < latent; q++) {
                    z[q] = centres[labels[i]][q] + (float) rng.nextGaussian();
                }
                int o = i * dim;
                for (int q = 0; q < latent; q++) {
                    float zq = z[q];
                    float[] m = mix[q];
                    for (int j = 0; j < dim; j++) {
                        x[o + j] += zq * m[j];
                    }
                }
                for (int j = 0; j < dim; j++) {
                    x[o + j] = (x[o + j] + (float) (noise * rng.nextGaussian())) * scale[j] + offset[j];
                }
            }
            return new EmbeddingSet(x, dim, starts, targets, OutputLayout.softmax(classes));
        }
    }

    private void save(EmbeddingSet train, int[] trainLabels, EmbeddingSet test, int[] testLabels) throws java.io.IOException {
        Files.createDirectories(save);
        Npy.write(save.resolve("x_train.npy"), NpyArray.ofFloats(train.x(), train.rows(), dim));
        Npy.write(save.resolve("y_train.npy"), NpyArray.ofInts(trainLabels, trainLabels.length));
        Npy.write(save.resolve("x_test.npy"), NpyArray.ofFloats(test.x(), test.rows(), dim));
        Npy.write(save.resolve("y_test.npy"), NpyArray.ofInts(testLabels, testLabels.length));
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v[i]));
        }
        return b.append(" s]").toString();
    }
}
