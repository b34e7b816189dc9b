package org.hares.data.hares;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.LabelSpace;
import org.hares.data.Metric;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;

/** The paper's downstream protocol (§2.1, App. A) shared by the task specs, and their provenance entries. */
final class Protocol {

    static final int STEPS = 400_000;
    static final int BATCH = 64;

    private Protocol() {
    }

    /** Starts a spec builder for a task variant with the protocol-wide provenance entries filled in. */
    static Builder task(String id, String variant) {
        return new Builder(new TaskRef(id, variant));
    }

    static LabelSpace classes(String name, List<String> classes) {
        return new LabelSpace(name, classes);
    }

    /** "0" … "n-1". */
    static List<String> numbered(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }

    static final class Builder {
        private final TaskRef ref;
        private Domain domain;
        private List<LabelSpace> spaces;
        private boolean multiLabel;
        private Metric metric = Metric.ACCURACY;
        private HeadType head = HeadType.SOFTMAX;
        private double crop;
        private Windowing windowing;
        private int steps = STEPS;
        private int batch = BATCH;
        private boolean comparable = true;
        private final Map<String, String> provenance = new LinkedHashMap<>();

        private Builder(TaskRef ref) {
            this.ref = ref;
            provenance.put("protocol", "linear evaluation on frozen features; Adam, warm-up 0 -> 2e-4 over 5k steps, cosine to 0"
                    + " (paper §2.1, App. A)");
            provenance.put("validation", "ignored: no model selection, scores on the test split (paper App. A)");
            provenance.put("eval.averaging", "probabilities averaged over windows (paper says 'scores'; tasks.md decision 8)");
            provenance.put("eval.last_window", "zero-padded (paper silent; tasks.md decision 8)");
        }

        Builder domain(Domain d) {
            domain = d;
            return this;
        }

        Builder classes(LabelSpace space) {
            spaces = List.of(space);
            return this;
        }

        Builder slots(List<LabelSpace> slotSpaces) {
            spaces = slotSpaces;
            head = HeadType.SLOTS;
            return this;
        }

        Builder multiLabel(Metric m, HeadType h) {
            multiLabel = true;
            metric = m;
            head = h;
            return this;
        }

        Builder head(HeadType h) {
            head = h;
            return this;
        }

        /** Random crops of {@code seconds} for training, consecutive non-overlapping windows of the same length at evaluation. */
        Builder crops(double seconds) {
            crop = seconds;
            windowing = new Windowing.Consecutive(seconds);
            return this;
        }

        Builder windowing(double cropSeconds, Windowing w) {
            crop = cropSeconds;
            windowing = w;
            return this;
        }

        Builder schedule(int stepCount, int batchSize) {
            steps = stepCount;
            batch = batchSize;
            return this;
        }

        /** The seeded stratified clip split used where the paper's split file is not given (tasks.md decision 2). */
        Builder fallbackRandomSplit() {
            return source("split", "seeded stratified random clip-level split, train share 0.8 unless set (tasks.md decision 2)")
                    .notComparable("fallback split; the paper used the Tagliasacchi et al. split (give it as a split file)");
        }

        Builder notComparable(String why) {
            comparable = false;
            provenance.put("comparable_with_paper", why);
            return this;
        }

        Builder source(String key, String value) {
            provenance.put(key, value);
            return this;
        }

        TaskSpec build() {
            return new TaskSpec(ref, domain, spaces, multiLabel, metric, head, crop, windowing, steps, batch, comparable, provenance);
        }
    }
}
