package org.hares.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.io.NpyArray;
import org.hares.model.weights.HaikuCheckpoint;

/**
 * Runs (or continues) a pretraining run in its folder: batches from {@link BatchLoader} on worker
 * threads, the objective's gradient, optional AGC, an Adam update at the scheduled learning rate,
 * a metrics row and a progress line per step, checkpoints every N steps and at the end, then
 * {@code backbone.npz} (Haiku layout) and the DJL format.
 */
public final class Pretrainer {

    /** Called after every step's metrics row is written; an exception thrown here stops the run (like a kill). */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, float loss);
    }

    /**
     * What a run did.
     *
     * @param firstStep        steps already done when this invocation started (restored from a checkpoint)
     * @param lastStep         steps done at the end (the configured total unless stopped)
     * @param modelBusyShare   share of the loop's wall time spent in forward, backward and update
     * @param secondsPerStep   median wall seconds of this invocation's steps (NaN when none ran)
     */
    public record Result(Path dir, int firstStep, int lastStep, double modelBusyShare, double secondsPerStep,
            double decodeSeconds, double featureSeconds, List<String> badFiles, Path backbone) {}

    private final RunDirectory run;
    private final PretrainConfig config;
    private final PrintWriter progress;
    private final StepListener listener;

    private Pretrainer(RunDirectory run, PretrainConfig config, PrintWriter progress, StepListener listener) {
        this.run = run;
        this.config = config;
        this.progress = progress;
        this.listener = listener;
    }

    /** Starts a run in {@code out} (absent or empty; a folder holding this same configuration continues). */
    public static Result start(Path out, PretrainConfig config, PrintWriter progress, StepListener listener) {
        return new Pretrainer(RunDirectory.start(out, config), config, progress, listener).run();
    }

    /** Continues the run in {@code dir} from its config.json and its newest complete checkpoint. */
    public static Result resume(Path dir, PrintWriter progress, StepListener listener) {
        RunDirectory run = RunDirectory.existing(dir);
        return new Pretrainer(run, RunDirectory.readConfig(dir), progress, listener).run();
    }

    /** The configuration a run folder holds. */
    public static PretrainConfig configOf(Path dir) {
        return RunDirectory.readConfig(dir);
    }

    private Result run() {
        Device device = device(config.device());
        TrainingData data = TrainingData.of(config);
        LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
        ExecutorService workers = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "pretrain-data");
            t.setDaemon(true);
            return t;
        });
        try (TrainingModel model = TrainingModel.create(config, data.labels(), device);
                Adam adam = new Adam(model.manager())) {
            int first = 0;
            List<String> badFiles = new ArrayList<>();
            Optional<RunDirectory.Checkpoint> checkpoint = run.latestCheckpoint();
            if (checkpoint.isPresent()) {
                RunDirectory.Checkpoint c = checkpoint.get();
                for (TrainingModel.Named p : model.parameters()) {
                    NpyArray a = c.parameters().get(p.name());
                    if (a == null) {
                        throw new IllegalStateException(c.dir() + ": parameter " + p.name() + " missing from params.npz");
                    }
                    p.array().set(a.toFloats());
                }
                model.parametersChanged();
                adam.restore(c.optimiser(), model.parameters());
                first = c.step();
                badFiles.addAll(c.badFiles());
                say("hares pretrain: continuing " + run.path() + " from step " + first + " (" + c.dir().getFileName() + ")");
            }
            run.truncateMetrics(first);
            BatchLoader loader = new BatchLoader(data, config, logMel, workers);
            if (first >= config.steps()) {
                Path backbone = finish(model);
                return new Result(run.path(), first, first, Double.NaN, Double.NaN, 0, 0, badFiles, backbone);
            }
            TrainingObjective objective = config.objective() == Objective.SIMCLR
                    ? new SimclrObjective(config.temperature())
                    : new SupervisedObjective(data.labels().orElseThrow());
            LearningRateSchedule schedule = new LearningRateSchedule((float) config.learningRate(), config.warmupSteps(),
                    config.steps());
            say(String.format(Locale.ROOT, "hares pretrain: %s of %s on %d clips of %s, %d steps of %d clips "
                    + "(micro-batch %d views), %d frames × %d mels, device %s", config.objective().id(), config.model(),
                    data.clips().size(), data.description(), config.steps(), config.batchSize(), config.microBatch(),
                    loader.frames(), loader.mels(), device));
            long loopStart = System.nanoTime();
            long busy = 0;
            List<Double> stepSeconds = new ArrayList<>();
            Path lastCheckpoint = checkpoint.map(RunDirectory.Checkpoint::dir).orElse(null);
            CompletableFuture<Batch> next = loader.load(first);
            boolean lineOpen = false;
            try {
                for (int s = first; s < config.steps(); s++) {
                    long t0 = System.nanoTime();
                    Batch batch = join(next);
                    if (s + 1 < config.steps()) {
                        next = loader.load(s + 1);
                    }
                    long t1 = System.nanoTime();
                    model.zeroGradients();
                    TrainingObjective.StepResult r = objective.gradients(model, batch, config.microBatch(), config.seed());
                    int step = s + 1;
                    if (!Float.isFinite(r.loss())) {
                        throw new TrainingDivergedException("step " + step + ": the loss is " + r.loss() + "; stopped before updating. "
                                + (lastCheckpoint == null ? "No checkpoint was written yet."
                                        : "Last good checkpoint: " + lastCheckpoint + ".")
                                + " Lower --lr or set --agc-clip, then start again.");
                    }
                    if (config.agcClip() > 0) {
                        AdaptiveGradientClipping.clip(model.parameters(), (float) config.agcClip());
                    }
                    float lr = schedule.rate(step);
                    adam.step(model.parameters(), lr);
                    model.parametersChanged();
                    long t2 = System.nanoTime();
                    busy += t2 - t1;
                    double seconds = (t2 - t0) / 1e9;
                    stepSeconds.add(seconds);
                    badFiles.addAll(batch.badFiles());
                    run.appendMetrics(String.format(Locale.ROOT, "%d,%s,%s,%.3f,%.3f,%s", step, Float.toString(r.loss()),
                            Float.toString(lr), batch.clips() / seconds, seconds,
                            Float.isNaN(r.accuracy()) ? "" : Float.toString(r.accuracy())));
                    progressLine(step, r, lr, batch.clips() / seconds, (System.nanoTime() - loopStart) / 1e9 / (step - first));
                    lineOpen = true;
                    listener.afterStep(step, r.loss());
                    if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                        lastCheckpoint = run.writeCheckpoint(step, parameters(model), adam.state(), (long) step * config.batchSize(),
                                config.seed(), badFiles.stream().distinct().toList());
                    }
                }
            } finally {
                // an error message after the progress line starts a line of its own
                if (progress != null && lineOpen) {
                    progress.println();
                    progress.flush();
                }
            }
            double wall = (System.nanoTime() - loopStart) / 1e9;
            Path backbone = finish(model);
            List<String> bad = loader.badFiles();
            Result result = new Result(run.path(), first, config.steps(), busy / 1e9 / wall, median(stepSeconds),
                    loader.decodeSeconds(), loader.featureSeconds(), bad.isEmpty() ? badFiles.stream().distinct().toList() : bad,
                    backbone);
            say(String.format(Locale.ROOT, "hares pretrain: model busy %.1f %% of %.0f s wall (workers: decode %.1f s, "
                    + "features %.1f s on %d threads); median %.2f s/step", 100 * result.modelBusyShare(), wall,
                    result.decodeSeconds(), result.featureSeconds(), config.threads(), result.secondsPerStep()));
            return result;
        } finally {
            workers.shutdownNow();
        }
    }

    private Path finish(TrainingModel model) {
        Path backbone = run.path().resolve(RunDirectory.BACKBONE);
        HaikuCheckpoint.write(model.backbone().block(), backbone);
        model.backbone().saveDjl(run.path().resolve("djl"), config.model());
        return backbone;
    }

    private static Map<String, NpyArray> parameters(TrainingModel model) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (TrainingModel.Named p : model.parameters()) {
            out.put(p.name(), RunDirectory.toNpy(p.array()));
        }
        return out;
    }

    private void progressLine(int step, TrainingObjective.StepResult r, float lr, double clipsPerSecond, double secondsPerStep) {
        if (progress == null) {
            return;
        }
        long eta = Math.round((config.steps() - step) * secondsPerStep);
        progress.printf(Locale.ROOT, "\rstep %d/%d  loss %.4f  lr %.2e%s  %.1f clips/s  ETA %d:%02d:%02d   ", step,
                config.steps(), r.loss(), lr, Float.isNaN(r.accuracy()) ? "" : String.format(Locale.ROOT, "  top-1 %.1f %%",
                        100 * r.accuracy()), clipsPerSecond, eta / 3600, eta / 60 % 60, eta % 60);
        progress.flush();
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }

    private static Batch join(CompletableFuture<Batch> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static Device device(String kind) {
        if (kind.equals("gpu")) {
            if (Engine.getInstance().getGpuCount() == 0) {
                throw new IllegalArgumentException("--device gpu: libtorch sees no GPU (this build is CPU-only unless "
                        + "PYTORCH_LIBRARY_PATH points at a CUDA libtorch; see README)");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
