package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.eval.EvalConfig;
import org.hares.eval.EvalProtocol;
import org.hares.eval.report.EvalReports;
import org.hares.eval.report.EvalResults;
import org.hares.eval.Evaluator;
import org.hares.eval.TasksFailedException;
import org.hares.eval.report.TaskResult;
import org.hares.frontend.FrontendConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares eval}: the HARES table for one model on the datasets present. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model on the HARES tasks present: embed (cached), train the heads, score.",
                "Writes OUT/results.json, OUT/results.md and OUT/report.html."})
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    ModelOptions.PrecisionOption precision;

    @Mixin
    TaskSelectionOptions tasks;

    @Mixin
    ModelInputOptions modelInput;

    @Mixin
    EmbeddingRunOptions run;

    @Mixin
    EmbeddingRunOptions.CropPool crops;

    @Mixin
    Scoring scoring;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<DatasetSelection> selections = tasks.selections();
        EvalConfig config = scoring.applyTo(run.applyTo(EvalConfig.defaults(), tasks.skipBadAudio(), crops.trainCrops()),
                crops.seed());
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        EvalResults results;
        Evaluator evaluator = new Evaluator(config, err);
        try (EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(),
                model.device(), precision.get(), FrontendConfig.DEFAULT, modelInput.options(model.model, selections))) {
            results = evaluator.evaluate(m, selections).withProvenance(Main.runProvenance(spec));
        }
        Path json = EvalReports.write(results, scoring.out());
        for (TaskResult t : results.tasks()) {
            stdout.printf(Locale.ROOT, "%-26s %-8s %6.2f%s%s%n", t.ref(), t.metric().id(), t.score(),
                    t.std() == null ? "" : String.format(Locale.ROOT, " ± %.2f", t.std()),
                    t.ref().isHear() ? "  (HEAR task, not in the HARES score)"
                            : t.comparableWithPaper() ? "" : "  (not comparable with the paper)");
        }
        var h = results.hares();
        if (h.score() != null) {
            stdout.printf(Locale.ROOT, "HARES %.2f  (environment %.2f, speech %.2f, music %.2f)%n", h.score(),
                    h.domain(Domain.ENVIRONMENT), h.domain(Domain.SPEECH), h.domain(Domain.MUSIC));
        } else {
            stdout.printf(Locale.ROOT, "HARES: partial run, mean over %d task(s) %.2f; missing: %s%n",
                    results.tasks().stream().filter(t -> !t.ref().isHear()).count(),
                    h.partialMean(), String.join(", ", h.missing()));
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Double> stages = (java.util.Map<String, Double>) results.provenance().get("stage_seconds");
        Object share = results.provenance().get("model_busy_share");
        err.printf(Locale.ROOT, "time: decode %.1f s, features %.1f s (worker threads), model %.1f s, model waiting %.1f s, "
                        + "cache %.1f s, heads %.1f s; model busy %s of the streams' embedding time%n",
                stages.get("decode"), stages.get("features"), stages.get("model"), stages.get("model_waiting"),
                stages.get("cache"), stages.get("heads"),
                share == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * (Double) share));
        err.flush();
        stdout.println("wrote " + json + ", results.md, report.html");
        stdout.flush();
        if (!evaluator.failures().isEmpty()) {
            throw new TasksFailedException(evaluator.failures(), results.tasks().size(), json);
        }
        return 0;
    }

    /**
     * How the heads are trained and scored, and where the report goes: {@code --protocol}, {@code --fast-c},
     * {@code --fast-max-iter}, {@code --seeds}, {@code --steps}, {@code --head-batch-size}, {@code --out}; shared by
     * {@code hares eval} and {@code hares spark eval}.
     */
    public static final class Scoring {

        @Option(names = "--protocol", defaultValue = "paper", paramLabel = "paper|fast",
                description = "paper (default): the paper's heads and schedules; fast: L2 logistic regression, not comparable.")
        String protocol;

        @Option(names = "--fast-c", split = ",", splitSynopsisLabel = ",", paramLabel = "C",
                description = "The fast protocol's C grid, chosen on validation (default: 0.001,0.01,0.1,1).")
        List<Double> fastC = EvalConfig.DEFAULT_FAST_C;

        @Option(names = "--fast-max-iter", defaultValue = "" + EvalConfig.DEFAULT_FAST_MAX_ITERATIONS, paramLabel = "N",
                description = "The fast protocol's L-BFGS iteration cap, scikit-learn's max_iter (default: ${DEFAULT-VALUE}).")
        int fastMaxIterations;

        @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
                description = "Head trainings per task, with seeds from --head-seed on (spark eval: the embedding run's); "
                        + "reports mean ± std (default: 1).")
        int seeds;

        @Option(names = "--steps", paramLabel = "N", description = "Override every task's paper-protocol steps (marks results not comparable).")
        Integer steps;

        @Option(names = "--head-batch-size", paramLabel = "N",
                description = "Override every task's paper-protocol batch size (marks results not comparable).")
        Integer headBatchSize;

        @Option(names = "--out", defaultValue = "hares-results", paramLabel = "DIR",
                description = "Output folder: results.json, results.md, report.html (default: ${DEFAULT-VALUE}).")
        Path out;

        /** {@code config} with this protocol, schedule and fast-protocol grid, and {@code seeds} head seeds from {@code firstSeed}. */
        public EvalConfig applyTo(EvalConfig config, long firstSeed) {
            return config.withProtocol(protocol())
                    .withSeeds(seeds, firstSeed)
                    .withSchedule(steps == null ? OptionalInt.empty() : OptionalInt.of(steps),
                            headBatchSize == null ? OptionalInt.empty() : OptionalInt.of(headBatchSize))
                    .withFast(fastC, fastMaxIterations);
        }

        /** The protocol; an unknown name is refused. */
        public EvalProtocol protocol() {
            return EvalProtocol.parse(protocol);
        }

        public Path out() {
            return out;
        }
    }
}
