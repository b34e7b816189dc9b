package org.hares.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the evaluation protocol needs to know about a task (paper §2.1 and App. A, with the
 * decisions of {@code tasks.md}): its label spaces, metric, crops, head and schedule, and where
 * each choice the paper leaves open came from ({@code provenance}).
 *
 * @param ref                 task id and resolved variant
 * @param domain              environment, speech or music; null for a task outside the HARES suite (a HEAR task)
 * @param labelSpaces         one space for single- and multi-label tasks, one per slot for {@link HeadType#SLOTS}
 * @param multiLabel          whether a clip may carry several classes of its (single) label space
 * @param metric              headline metric
 * @param head                downstream module of the paper's protocol
 * @param trainCropSeconds    length of a random training crop (the whole clip length for full-clip tasks)
 * @param evalWindowing       how evaluation cuts a clip into windows
 * @param steps               paper-protocol training steps
 * @param batchSize           paper-protocol batch size
 * @param comparableWithPaper false where the construction differs from the paper's (e.g. fallback splits)
 * @param provenance          choice → where it came from, recorded with every result
 */
public record TaskSpec(
        TaskRef ref,
        Domain domain,
        List<LabelSpace> labelSpaces,
        boolean multiLabel,
        Metric metric,
        HeadType head,
        double trainCropSeconds,
        Windowing evalWindowing,
        int steps,
        int batchSize,
        boolean comparableWithPaper,
        Map<String, String> provenance) {

    public TaskSpec {
        Objects.requireNonNull(ref, "ref");
        labelSpaces = List.copyOf(labelSpaces);
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(evalWindowing, "evalWindowing");
        provenance = Map.copyOf(provenance);
        if (labelSpaces.isEmpty()) {
            throw new IllegalArgumentException(ref + ": a task needs at least one label space");
        }
        if ((head == HeadType.SLOTS) != (labelSpaces.size() > 1)) {
            throw new IllegalArgumentException(ref + ": only a " + HeadType.SLOTS + " head has several label spaces");
        }
        if (!(trainCropSeconds > 0)) {
            throw new IllegalArgumentException(ref + ": train crop must be positive, got " + trainCropSeconds);
        }
        // the SVM head (ESC-50) is fitted in closed form: no steps, no batches
        boolean noSchedule = head == HeadType.SVM && steps == 0 && batchSize == 0;
        if (!noSchedule && (steps < 1 || batchSize < 1)) {
            throw new IllegalArgumentException(ref + ": steps and batch size must be positive (0 and 0 only for an SVM head), got "
                    + steps + ", " + batchSize);
        }
    }

    public String id() {
        return ref.id();
    }

    /** The single label space of a non-slot task. */
    public LabelSpace classes() {
        return labelSpaces.get(0);
    }
}
