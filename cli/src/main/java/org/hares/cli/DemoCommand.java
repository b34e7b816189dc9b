package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hares.data.DatasetSelection;
import org.hares.eval.report.ComparisonTable;
import org.hares.eval.DemoSuite;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.EmbeddingModels.ExternalModelOptions;
import org.hares.eval.EvalConfig;
import org.hares.eval.EvalProtocol;
import org.hares.eval.report.EvalReports;
import org.hares.eval.report.EvalResults;
import org.hares.eval.Evaluator;
import org.hares.eval.TasksFailedException;
import org.hares.frontend.FrontendConfig;
import org.hares.io.AtomicFiles;
import org.hares.model.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares demo}: the whole pipeline on the shipped demo suite, the network beside the log-mel baseline. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs HARES end to end on the small real-audio demo suite shipped in demo/suite: finds the tasks, "
                + "embeds them (cached), trains fast-protocol heads and prints the network beside the log-mel baseline.",
                "Writes OUT/<model>/results.{json,md} and report.html per model and OUT/comparison.md.",
                "Demo data: the scores are not comparable with the paper's."})
public final class DemoCommand implements Callable<Integer> {

    static final String BASELINE = "logmel-stats";

    @Mixin
    ModelOptions model;

    @Mixin
    ModelOptions.PrecisionOption precision;

    @Mixin
    ModelInputOptions modelInput;

    @Mixin
    EmbeddingRunOptions run;

    @Option(names = "--suite", paramLabel = "DIR", description = "Demo suite folder (default: demo/suite of this checkout).")
    Path suite;

    @Option(names = "--out", defaultValue = "hares-demo", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = suite != null ? suite : DemoSuite.locate();
        List<DatasetSelection> selections = DemoSuite.selections(root);
        EvalConfig config = run.applyTo(EvalConfig.defaults(), false, EvalConfig.DEFAULT_TRAIN_CROPS).withProtocol(EvalProtocol.FAST);
        long start = System.nanoTime();

        Map<String, EvalResults> results = new LinkedHashMap<>();
        for (String name : List.of(model.model, BASELINE)) {
            err.println("hares demo: evaluating " + name + " on " + root);
            err.flush();
            Optional<Path> checkpoint = name.equals(BASELINE) ? Optional.empty() : model.checkpoint();
            try (EmbeddingModel m = EmbeddingModels.open(name, checkpoint, model.seed(), model.device(),
                    name.equals(BASELINE) ? Precision.FP32 : precision.get(),
                    FrontendConfig.DEFAULT, name.equals(BASELINE) ? ExternalModelOptions.DEFAULT : modelInput.options(name, selections))) {
                Evaluator evaluator = new Evaluator(config, err);
                EvalResults r = evaluator.evaluate(m, selections).withProvenance(Main.runProvenance(spec));
                Path json = EvalReports.write(r, out.resolve(name));
                if (!evaluator.failures().isEmpty()) {
                    throw new TasksFailedException(evaluator.failures(), r.tasks().size(), json);
                }
                results.put(name + (name.equals(BASELINE) || EmbeddingModels.isExternal(name) ? ""
                        : checkpoint.isPresent() ? " (checkpoint)" : " (seed " + model.seed() + ")"), r);
            }
        }

        String table = new ComparisonTable("HARES demo suite (fast protocol; demo data, not comparable with the paper)",
                results, "chance", DemoSuite.chanceLevels(selections)).markdown();
        Path comparison = out.resolve("comparison.md");
        AtomicFiles.writeString(comparison, table);
        stdout.println();
        stdout.print(table);
        stdout.printf("%nResults in %s (per model: results.json, results.md, report.html; comparison.md) after %.0f s.%n",
                out.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
        stdout.flush();
        return 0;
    }
}
