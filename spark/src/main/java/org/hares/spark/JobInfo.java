package org.hares.spark;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.hares.data.TaskSpec;
import org.hares.embed.EmbeddingModel;

/**
 * {@code OUT/job.json}: what an embedding run computed (model, crop seed and pool, clip limit, task
 * specs) and how it is cut into partitions. A re-run over the same folder must describe the same
 * work ({@link #planHash}); {@code spark eval} reads everything it needs about the run from it.
 *
 * @param model      name, fingerprint, embedding_size, sample_rate and the model's provenance
 * @param planHash   SHA-256 over every partition's task, role and clips (ids, files, segments, labels)
 * @param tasks      the specs of the embedded tasks, in order
 */
record JobInfo(Map<String, Object> model, long seed, int trainCrops, OptionalInt limit, int partitions, String planHash,
        List<TaskSpec> tasks) {

    static final String FILE = "job.json";
    static final String FORMAT = "hares-spark-embeddings/1";

    static Map<String, Object> describe(EmbeddingModel m) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", m.name());
        model.put("fingerprint", m.fingerprint());
        model.put("embedding_size", m.embeddingSize());
        model.put("sample_rate", m.sampleRate());
        model.putAll(m.provenance());
        model.remove("checkpoint"); // the executors' local copy; the job's checkpoint URI is recorded by the command
        return model;
    }

    String fingerprint() {
        return (String) model.get("fingerprint");
    }

    String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        JsonObject m = new JsonObject();
        model.forEach((k, v) -> {
            if (v instanceof Number n) {
                m.addProperty(k, n);
            } else {
                m.addProperty(k, String.valueOf(v));
            }
        });
        o.add("model", m);
        o.addProperty("seed", seed);
        o.addProperty("train_crops", trainCrops);
        if (limit.isPresent()) {
            o.addProperty("limit_clips_per_split", limit.getAsInt());
        }
        o.addProperty("partitions", partitions);
        o.addProperty("plan_sha256", planHash);
        JsonArray t = new JsonArray();
        tasks.forEach(s -> t.add(TaskSpecJson.toJson(s)));
        o.add("tasks", t);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    static JobInfo parse(String json, String where) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a hares Spark job description (" + e.getMessage() + ")");
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new IllegalArgumentException(where + ": expected format " + FORMAT + ", found "
                    + (o.has("format") ? o.get("format").getAsString() : "none"));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("model").entrySet()) {
            model.put(e.getKey(), e.getKey().equals("embedding_size") || e.getKey().equals("sample_rate")
                    ? (Object) e.getValue().getAsInt() : e.getValue().getAsString());
        }
        List<TaskSpec> tasks = new ArrayList<>();
        o.getAsJsonArray("tasks").forEach(t -> tasks.add(TaskSpecJson.fromJson(t.getAsJsonObject())));
        return new JobInfo(model, o.get("seed").getAsLong(), o.get("train_crops").getAsInt(),
                o.has("limit_clips_per_split") ? OptionalInt.of(o.get("limit_clips_per_split").getAsInt()) : OptionalInt.empty(),
                o.get("partitions").getAsInt(), o.get("plan_sha256").getAsString(), tasks);
    }
}
