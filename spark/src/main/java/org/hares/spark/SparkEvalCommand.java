package org.hares.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.hares.cli.EvalCommand;
import org.hares.data.hares.HaresTasks;
import org.hares.eval.EvalConfig;
import org.hares.eval.Evaluator;
import org.hares.eval.TaskSource;
import org.hares.eval.report.EvalReports;
import org.hares.eval.report.EvalResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares spark eval}: the HARES evaluation from an embedding run's Parquet files, without the audio. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train and score the heads from the Parquet embeddings of 'hares spark embed' (no audio needed); "
                + "the crop seed and pool are the run's.", "Writes OUT/results.json, OUT/results.md and OUT/report.html."})
public final class SparkEvalCommand implements Callable<Integer> {

    @Option(names = "--embeddings", required = true, paramLabel = "PATH|URI", description = "The --out folder of 'hares spark embed'.")
    String embeddings;

    @Mixin
    EvalCommand.Scoring scoring;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        scoring.protocol(); // a bad --protocol is refused before Spark starts
        PrintWriter err = spec.commandLine().getErr();
        String uri = HadoopFiles.qualify(embeddings);
        SparkSession spark = sparkOptions.session("hares spark eval");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String jobFile = HadoopFiles.child(uri, JobInfo.FILE);
        if (!HadoopFiles.exists(jobFile, conf)) {
            throw new IncompleteEmbeddingsException(uri + ": no " + JobInfo.FILE + " (expected the --out folder of 'hares spark embed')");
        }
        JobInfo job = JobInfo.parse(HadoopFiles.readString(jobFile, conf), jobFile);
        int committed = SparkEmbedCommand.committed(uri, conf).size();
        if (committed < job.partitions()) {
            throw new IncompleteEmbeddingsException(uri + ": " + (job.partitions() - committed) + " of " + job.partitions()
                    + " partitions not committed; run 'hares spark embed' with the same arguments again to finish them");
        }
        Path out = scoring.out();
        EvalConfig config = scoring.applyTo(EvalConfig.defaults().withCache(out.toAbsolutePath())
                .withExtraction(32, 1, job.limit(), true, job.trainCrops()), job.seed());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create: " + e.getMessage(), e);
        }
        ParquetEmbeddings source = new ParquetEmbeddings(spark, uri);
        Path root = out.toAbsolutePath();
        List<TaskSource> sources = job.tasks().stream().map(t -> new TaskSource(t.ref(), root, () -> source.task(t, root))).toList();
        EvalResults results = new Evaluator(config, err).withPrecomputed(source)
                .evaluateSources(new RecordedModel(job.model()), sources, HaresTasks.suite());
        Path json = EvalReports.write(results, out);
        var h = results.hares();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(h.score() != null ? String.format(Locale.ROOT, "HARES %.2f", h.score())
                : String.format(Locale.ROOT, "HARES: partial run, mean over %d task(s) %.2f", results.tasks().size(), h.partialMean()));
        stdout.println("wrote " + json + ", results.md, report.html");
        stdout.flush();
        return 0;
    }
}
