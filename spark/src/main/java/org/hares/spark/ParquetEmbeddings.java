package org.hares.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hares.data.Clip;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.embed.AudioWindower;
import org.hares.embed.EmbeddingExtractor;
import org.hares.eval.PrecomputedEmbeddings;

/**
 * An embedding run's Parquet tables as the evaluator's source: the clip lists of each task (embedded
 * clips and failed ones) and, one task at a time, its embeddings, streamed to the driver with
 * {@code toLocalIterator} (one partition in flight), never the whole table.
 */
final class ParquetEmbeddings implements PrecomputedEmbeddings {

    /** A task's clips as the data registry listed them, rebuilt from the tables. */
    record RecordedTask(TaskSpec spec, Path root, List<Clip> clips) implements Task {}

    private final SparkSession spark;
    private final String embeddings;
    private final String errors;
    private final Map<TaskRef, Map<String, String>> failed = new HashMap<>();
    /** The task whose windows are held: role + clip id → window index → embedding. */
    private TaskRef held;
    private Map<String, TreeMap<Integer, Window>> windows = Map.of();

    /** One window of a clip as stored. */
    private record Window(long start, float[] embedding) {}

    ParquetEmbeddings(SparkSession spark, String out) {
        this.spark = spark;
        this.embeddings = HadoopFiles.child(out, EmbeddingTable.EMBEDDINGS);
        this.errors = HadoopFiles.child(out, EmbeddingTable.ERRORS);
    }

    /** The clips of {@code spec}'s task in the registry's order; those that failed are listed with their messages. */
    Task task(TaskSpec spec, Path root) {
        Map<Integer, Clip> clips = new TreeMap<>();
        Iterator<Row> rows = spark.read().parquet(embeddings).where(of(spec.ref()).and(col("window").equalTo(0)))
                .select(columns(EmbeddingTable.CLIP_COLUMNS)).toLocalIterator();
        rows.forEachRemaining(r -> clips.put(r.getInt(0), clip(spec, r)));
        Map<String, String> messages = new LinkedHashMap<>();
        List<String> withMessage = new ArrayList<>(EmbeddingTable.CLIP_COLUMNS);
        withMessage.add("message");
        spark.read().parquet(errors).where(of(spec.ref())).select(columns(withMessage)).toLocalIterator().forEachRemaining(r -> {
            Clip c = clip(spec, r);
            clips.put(r.getInt(0), c);
            messages.put(c.id(), r.getString(6));
        });
        failed.put(spec.ref(), messages);
        return new RecordedTask(spec, root, List.copyOf(clips.values()));
    }

    @Override
    public EmbeddingExtractor.Result split(TaskSpec spec, String splitName, List<Clip> clips, AudioWindower.Role role) {
        hold(spec.ref());
        String roleName = PartitionPlan.roleName(role);
        Map<String, String> messages = failed.getOrDefault(spec.ref(), Map.of());
        List<Clip> kept = new ArrayList<>();
        List<float[]> flat = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<long[]> starts = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Clip clip : clips) {
            String message = messages.get(clip.id());
            if (message != null) {
                bad.add(message);
                continue;
            }
            TreeMap<Integer, Window> w = windows.get(roleName + "\u0000" + clip.id());
            if (w == null || w.isEmpty() || w.lastKey() != w.size() - 1) {
                throw new IncompleteEmbeddingsException(embeddings + ": no " + roleName + " embeddings (or missing windows) for clip "
                        + clip.id() + " of " + spec.ref() + " " + splitName);
            }
            int dim = w.firstEntry().getValue().embedding().length;
            float[] all = new float[w.size() * dim];
            long[] at = new long[w.size()];
            int k = 0;
            for (Window e : w.values()) {
                at[k] = e.start();
                System.arraycopy(e.embedding(), 0, all, k++ * dim, dim);
            }
            kept.add(clip);
            flat.add(all);
            counts.add(w.size());
            starts.add(at);
        }
        return new EmbeddingExtractor.Result(kept, flat, counts, starts, bad, 0);
    }

    /** Streams one task's windows to the driver, dropping the previous task's. */
    private void hold(TaskRef ref) {
        if (ref.equals(held)) {
            return;
        }
        windows = Map.of();
        held = null;
        Map<String, TreeMap<Integer, Window>> next = new HashMap<>();
        spark.read().parquet(embeddings).where(of(ref))
                .select(col("role"), col("clip"), col("window"), col("embedding"), col("window_start"))
                .toLocalIterator().forEachRemaining(r -> {
                    List<Object> values = r.getList(3);
                    float[] e = new float[values.size()];
                    for (int i = 0; i < e.length; i++) {
                        e[i] = (Float) values.get(i);
                    }
                    next.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new TreeMap<>())
                            .put(r.getInt(2), new Window(r.getLong(4), e));
                });
        windows = next;
        held = ref;
    }

    private static Column of(TaskRef ref) {
        return col("task").equalTo(ref.id()).and(col("variant").equalTo(ref.variant()));
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    /** A clip from the columns {@link EmbeddingTable#CLIP_COLUMNS}, in that order. */
    private static Clip clip(TaskSpec spec, Row r) {
        List<Object> labels = r.getList(5);
        int[] indices = labels.stream().mapToInt(o -> (Integer) o).toArray();
        return new Clip(r.getString(1), Path.of(r.getString(2)), Segment.WHOLE, Split.parse(r.getString(3)), r.getInt(4),
                ClipRow.labels(spec, indices));
    }
}
