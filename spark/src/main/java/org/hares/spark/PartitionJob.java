package org.hares.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.hares.Progress;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.data.TaskSpec;
import org.hares.embed.AudioWindower;
import org.hares.embed.ClipWindower;
import org.hares.embed.EmbeddingCache;
import org.hares.embed.EmbeddingExtractor;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.StageTimes;

/**
 * What every executor task needs to embed one {@link PartitionPlan}: the model, the windowing
 * settings, the output folder and the Hadoop configuration. {@link #run} decodes, windows and embeds
 * the partition's clips with the evaluation's {@link EmbeddingExtractor} and {@link AudioWindower},
 * writes its two Parquet files and then its commit marker; a clip that fails to decode becomes a row
 * of the errors table instead of failing the partition.
 *
 * @param seed       seed of the training-crop pool (the evaluation's first head seed)
 * @param trainCrops training crops per clip
 * @param batchSize  windows per forward pass
 * @param threads    decoding threads per task; 0 for the task's cores ({@code spark.task.cpus})
 * @param out        the job's output folder URI
 */
record PartitionJob(ModelSpec model, long seed, int trainCrops, int batchSize, int threads, String out, SerializableConf conf)
        implements Serializable {

    /** Embeds and commits one partition; returns its marker's text. */
    String run(PartitionPlan plan) {
        Configuration c = conf.get();
        TaskContext task = TaskContext.get();
        int cores = task == null ? 1 : Math.max(1, task.cpus());
        EmbeddingModel m = ModelHolder.get(model, c, cores);
        TaskSpec spec = TaskSpecJson.parse(plan.specJson());
        AudioWindower windower = new AudioWindower(spec, plan.role(), m.sampleRate(), trainCrops, seed);
        Map<String, ClipRow> rows = new ConcurrentHashMap<>();
        List<Clip> clips = new ArrayList<>();
        for (ClipRow row : plan.clips()) {
            rows.put(row.id(), row);
            clips.add(row.toClip(java.nio.file.Path.of(row.file()), spec));
        }
        Map<String, long[]> starts = new ConcurrentHashMap<>();
        List<String[]> errors = Collections.synchronizedList(new ArrayList<>());
        ClipWindower fetching = (clip, times) -> {
            ClipRow row = rows.get(clip.id());
            try (HadoopFiles.Local local = HadoopFiles.fetch(row.file(), c)) {
                ClipWindower.Windows w = windower.windows(row.toClip(local.path(), spec), times);
                starts.put(row.id(), w.starts());
                return w;
            } catch (AudioDecodeException e) {
                // the message names the file the executor read; a copy's temporary name is replaced by the URI
                String message = e.getMessage();
                errors.add(new String[] {row.id(), message.startsWith(row.file()) ? message
                        : row.file() + message.substring(message.indexOf(':'))});
                throw e;
            }
        };
        java.nio.file.Path scratch = scratch();
        EmbeddingExtractor.Result result;
        try {
            EmbeddingCache.Split cache = new EmbeddingCache(scratch).split(m.name(), plan.name(), "spark", Map.of(), scratch,
                    plan.name());
            result = new EmbeddingExtractor(m, new EmbeddingExtractor.Options(batchSize, threads > 0 ? threads : cores, true, 1),
                    new StageTimes())
                    .extract(plan.task() + " " + plan.name(), clips, fetching, cache, Progress.silent());
        } finally {
            deleteTree(scratch);
        }
        write(plan, m, result, starts, errors, c);
        return commit(plan, result, errors, c);
    }

    private void write(PartitionPlan plan, EmbeddingModel m, EmbeddingExtractor.Result result, Map<String, long[]> starts,
            List<String[]> errors, Configuration c) {
        int dim = m.embeddingSize();
        String fingerprint = m.fingerprint();
        Path target = new Path(HadoopFiles.child(HadoopFiles.child(out, EmbeddingTable.EMBEDDINGS), plan.name() + ".parquet"));
        Path tmp = HadoopFiles.hiddenTemporary(target);
        EmbeddingTable table = EmbeddingTable.embeddings(tmp, c, plan);
        Map<String, ClipRow> rows = new java.util.HashMap<>();
        plan.clips().forEach(r -> rows.put(r.id(), r));
        for (int i = 0; i < result.clips().size(); i++) {
            ClipRow row = rows.get(result.clips().get(i).id());
            float[] e = result.embeddings().get(i);
            long[] s = starts.get(row.id());
            for (int w = 0; w < result.windows().get(i); w++) {
                table.window(row, w, s[w], e, w * dim, dim, fingerprint);
            }
        }
        table.close();
        HadoopFiles.commit(tmp, target, c);

        Path errorsTarget = new Path(HadoopFiles.child(HadoopFiles.child(out, EmbeddingTable.ERRORS), plan.name() + ".parquet"));
        Path errorsTmp = HadoopFiles.hiddenTemporary(errorsTarget);
        EmbeddingTable errorTable = EmbeddingTable.errors(errorsTmp, c, plan);
        errors.stream().sorted(Comparator.comparingInt(r -> rows.get(r[0]).index()))
                .forEach(r -> errorTable.error(rows.get(r[0]), r[1]));
        errorTable.close();
        HadoopFiles.commit(errorsTmp, errorsTarget, c);
    }

    private String commit(PartitionPlan plan, EmbeddingExtractor.Result result, List<String[]> errors, Configuration c) {
        String marker = String.format("{\"clips\": %d, \"windows\": %d, \"errors\": %d}%n", result.clips().size(),
                result.windows().stream().mapToInt(Integer::intValue).sum(), errors.size());
        HadoopFiles.writeString(markerUri(out, plan), marker, c);
        return marker;
    }

    static String markerUri(String out, PartitionPlan plan) {
        return HadoopFiles.child(HadoopFiles.child(out, EmbeddingTable.COMMITTED), plan.name());
    }

    /** The extractor's per-clip scratch space; local disk, removed with the partition. */
    private static java.nio.file.Path scratch() {
        try {
            return Files.createTempDirectory("hares-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftover scratch files cost disk space only
        }
    }
}
