package org.hares.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.LabelSpace;
import org.hares.data.Metric;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;

/**
 * A task's spec as the loader built it from the dataset (label spaces, comparability, provenance),
 * written into {@code job.json}, so that {@code spark eval} needs neither the data nor its metadata.
 */
final class TaskSpecJson {

    private TaskSpecJson() {}

    static JsonObject toJson(TaskSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("ref", spec.ref().toString());
        o.addProperty("domain", spec.domain().name());
        JsonArray spaces = new JsonArray();
        for (LabelSpace space : spec.labelSpaces()) {
            JsonObject s = new JsonObject();
            s.addProperty("name", space.name());
            JsonArray classes = new JsonArray();
            space.classes().forEach(classes::add);
            s.add("classes", classes);
            spaces.add(s);
        }
        o.add("label_spaces", spaces);
        o.addProperty("multi_label", spec.multiLabel());
        o.addProperty("metric", spec.metric().name());
        o.addProperty("head", spec.head().name());
        o.addProperty("train_crop_seconds", spec.trainCropSeconds());
        JsonObject w = new JsonObject();
        w.addProperty("window_seconds", spec.evalWindowing().windowSeconds());
        if (spec.evalWindowing() instanceof Windowing.EquallySpaced e) {
            w.addProperty("equally_spaced", e.count());
        }
        o.add("eval_windowing", w);
        o.addProperty("steps", spec.steps());
        o.addProperty("batch_size", spec.batchSize());
        o.addProperty("comparable_with_paper", spec.comparableWithPaper());
        JsonObject provenance = new JsonObject();
        new java.util.TreeMap<>(spec.provenance()).forEach(provenance::addProperty);
        o.add("provenance", provenance);
        return o;
    }

    static TaskSpec fromJson(JsonObject o) {
        List<LabelSpace> spaces = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("label_spaces")) {
            JsonObject s = e.getAsJsonObject();
            List<String> classes = new ArrayList<>();
            s.getAsJsonArray("classes").forEach(c -> classes.add(c.getAsString()));
            spaces.add(new LabelSpace(s.get("name").getAsString(), classes));
        }
        JsonObject w = o.getAsJsonObject("eval_windowing");
        double windowSeconds = w.get("window_seconds").getAsDouble();
        Windowing windowing = w.has("equally_spaced") ? new Windowing.EquallySpaced(w.get("equally_spaced").getAsInt(), windowSeconds)
                : new Windowing.Consecutive(windowSeconds);
        Map<String, String> provenance = new LinkedHashMap<>();
        o.getAsJsonObject("provenance").entrySet().forEach(e -> provenance.put(e.getKey(), e.getValue().getAsString()));
        return new TaskSpec(TaskRef.parse(o.get("ref").getAsString()), Domain.valueOf(o.get("domain").getAsString()), spaces,
                o.get("multi_label").getAsBoolean(), Metric.valueOf(o.get("metric").getAsString()),
                HeadType.valueOf(o.get("head").getAsString()), o.get("train_crop_seconds").getAsDouble(), windowing,
                o.get("steps").getAsInt(), o.get("batch_size").getAsInt(), o.get("comparable_with_paper").getAsBoolean(),
                provenance);
    }

    static String toString(TaskSpec spec) {
        return toJson(spec).toString();
    }

    static TaskSpec parse(String json) {
        return fromJson(JsonParser.parseString(json).getAsJsonObject());
    }
}
