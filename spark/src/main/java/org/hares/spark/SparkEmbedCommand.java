package org.hares.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hares.cli.EmbeddingRunOptions;
import org.hares.cli.ModelInputOptions;
import org.hares.cli.ModelOptions;
import org.hares.cli.TaskSelectionOptions;
import org.hares.data.DatasetSelection;
import org.hares.data.Task;
import org.hares.data.hares.HaresTasks;
import org.hares.embed.EmbeddingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hares spark embed}: the tasks' windows embedded on executors into Parquet, resumable. */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embed the clips of the given tasks on Spark executors, with the evaluation's windows and seeded training "
                + "crops, into OUT/embeddings/*.parquet. Clips that fail to decode are listed in OUT/errors/*.parquet.",
                "A re-run over the same OUT skips the partitions already committed (OUT/_committed/)."})
public final class SparkEmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    ModelInputOptions modelInput;

    @Mixin
    TaskSelectionOptions tasks;

    @Option(names = "--audio-root", paramLabel = "ID=URI",
            description = "Read task ID's audio under URI (e.g. hdfs://nn/hares/esc50) instead of at the paths the driver found (repeatable).")
    Map<String, String> audioRoots = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "PATH|URI", description = "Output folder (local path, hdfs://, s3a://).")
    String out;

    @Mixin
    EmbeddingRunOptions.CropPool crops;

    @Mixin
    EmbeddingRunOptions.BatchSize batchSize;

    @Mixin
    EmbeddingRunOptions.Threads threads;

    @Mixin
    EmbeddingRunOptions.Limit limit;

    @Option(names = "--clips-per-partition", defaultValue = "64", paramLabel = "N",
            description = "Clips per partition, the unit of work, output and resumption (default: ${DEFAULT-VALUE}).")
    int clipsPerPartition;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (model.gpu()) {
            throw new IllegalArgumentException("--device gpu: hares spark embed runs the model on the executors' CPUs "
                    + "(spark.task.cpus libtorch threads per task slot)");
        }
        int batch = batchSize.value();
        int decodingThreads = threads.orElse(0); // 0: the executor's cores per task slot
        int trainCrops = crops.trainCrops();
        OptionalInt clipLimit = limit.value();
        PrintWriter err = spec.commandLine().getErr();
        List<DatasetSelection> selections = tasks.selections();
        ModelSpec modelSpec = ModelSpec.of(model.name(), model.checkpointLocation().map(HadoopFiles::qualify).orElse(null),
                model.seed(), modelInput.options(model.name(), selections));
        String outUri = HadoopFiles.qualify(out);
        SparkSession spark = sparkOptions.session("hares spark embed");
        long sessionStarted = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
        // in local mode the executors' task slots share this JVM's model: loaded before the clock starts, as in hares eval
        EmbeddingModel m = ModelHolder.get(modelSpec, conf, taskCpus);
        long start = System.nanoTime();

        List<Task> loaded = new ArrayList<>();
        for (DatasetSelection s : selections) {
            loaded.add(HaresTasks.load(s));
        }
        EmbedPlan plan = EmbedPlan.of(loaded, audioRoots, clipLimit, clipsPerPartition);
        Map<String, Object> description = JobInfo.describe(m);
        if (modelSpec.checkpoint() != null) {
            description.put("checkpoint", modelSpec.checkpoint());
        }
        JobInfo job = new JobInfo(description, crops.seed(), trainCrops, clipLimit, plan.partitions().size(), plan.hash(), plan.tasks());
        claim(outUri, job, conf);

        Set<String> committed = committed(outUri, conf);
        List<PartitionPlan> pending = plan.partitions().stream().filter(p -> !committed.contains(p.name())).toList();
        int pendingClips = pending.stream().mapToInt(p -> p.clips().size()).sum();
        err.printf(Locale.ROOT, "hares spark embed: %d clips of %d task(s) in %d partitions; %d already committed, %d to embed "
                + "(%d clips) on %s%n", plan.clips(), loaded.size(), plan.partitions().size(), plan.partitions().size() - pending.size(),
                pending.size(), pendingClips, spark.sparkContext().master());
        err.flush();
        if (!pending.isEmpty()) {
            PartitionJob work = new PartitionJob(modelSpec, crops.seed(), trainCrops, batch, decodingThreads, outUri,
                    new SerializableConf(conf));
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pending, pending.size()).map(work::run).collect();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "hares spark embed: %d clips in %.1f s (after the session start and the driver's "
                + "model load, %.1f s): %.2f clips/s (driver JVM heap committed %.2f GB)%n", pendingClips, seconds,
                (start - sessionStarted) / 1e9, pendingClips / seconds, Runtime.getRuntime().totalMemory() / 1e9);
        reportErrors(spark, outUri, err);
        spec.commandLine().getOut().println("wrote " + outUri + " (" + JobInfo.FILE + ", " + EmbeddingTable.EMBEDDINGS + "/, "
                + EmbeddingTable.ERRORS + "/)");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Writes job.json, or checks that the one already there describes this very run. */
    private static void claim(String outUri, JobInfo job, Configuration conf) {
        String file = HadoopFiles.child(outUri, JobInfo.FILE);
        if (HadoopFiles.exists(file, conf)) {
            JobInfo earlier = JobInfo.parse(HadoopFiles.readString(file, conf), file);
            if (!earlier.planHash().equals(job.planHash()) || !earlier.fingerprint().equals(job.fingerprint())
                    || earlier.seed() != job.seed() || earlier.trainCrops() != job.trainCrops()) {
                throw new IllegalArgumentException("--out " + outUri + " holds another run's embeddings (model "
                        + earlier.model().get("name") + ", " + earlier.partitions() + " partitions, crop seed " + earlier.seed()
                        + "); give a new --out, or the same model, tasks, --limit, --clips-per-partition, --head-seed and --train-crops to resume it");
            }
            return;
        }
        HadoopFiles.writeString(file, job.toJson(), conf);
    }

    /** Names of the partitions with a commit marker. */
    static Set<String> committed(String outUri, Configuration conf) {
        Path dir = HadoopFiles.path(HadoopFiles.child(outUri, EmbeddingTable.COMMITTED));
        FileSystem fs = HadoopFiles.fs(dir, conf);
        Set<String> names = new HashSet<>();
        try {
            if (fs.exists(dir)) {
                for (FileStatus s : fs.listStatus(dir)) {
                    String name = s.getPath().getName();
                    if (!name.startsWith("_") && !name.startsWith(".")) { // temporaries and checksum files
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
        return names;
    }

    /** The errors table, summarised on stderr: a count and the first clips. */
    private static void reportErrors(SparkSession spark, String outUri, PrintWriter err) {
        var errors = spark.read().parquet(HadoopFiles.child(outUri, EmbeddingTable.ERRORS));
        long count = errors.count();
        if (count == 0) {
            err.println("hares spark embed: every clip embedded; no errors");
        } else {
            err.printf(Locale.ROOT, "hares spark embed: %d clip(s) failed and have no embeddings (listed in %s):%n", count,
                    HadoopFiles.child(outUri, EmbeddingTable.ERRORS));
            for (Row r : errors.select("task", "variant", "clip", "message").orderBy("task", "variant", "clip").limit(20).collectAsList()) {
                err.printf("  %s:%s %s: %s%n", r.getString(0), r.getString(1), r.getString(2), r.getString(3));
            }
            if (count > 20) {
                err.printf(Locale.ROOT, "  ... and %d more%n", count - 20);
            }
        }
        err.flush();
    }
}
