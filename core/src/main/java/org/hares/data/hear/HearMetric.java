package org.hares.data.hear;

import java.util.List;
import java.util.Optional;
import org.hares.data.Metric;

/**
 * HEAR's score names (hear-eval-kit {@code heareval/score.py}) mapped to ours: {@code top1_acc} and
 * {@code pitch_acc} are top-1 accuracy, {@code mAP} is our mAP; {@code d_prime} and {@code aucroc} are
 * reported beside mAP (as {@code d_prime} and {@code roc_auc}). Other names (chroma accuracy, the event
 * scores) are not computed.
 */
public enum HearMetric {
    TOP1_ACC("top1_acc", Metric.ACCURACY),
    PITCH_ACC("pitch_acc", Metric.ACCURACY),
    MAP("mAP", Metric.MAP),
    D_PRIME("d_prime", null),
    AUCROC("aucroc", null);

    private final String id;
    private final Metric headline;

    HearMetric(String id, Metric headline) {
        this.id = id;
        this.headline = headline;
    }

    public String id() {
        return id;
    }

    /** Our headline metric this name is, if it is one. */
    public Optional<Metric> headline() {
        return Optional.ofNullable(headline);
    }

    public static Optional<HearMetric> of(String name) {
        for (HearMetric m : values()) {
            if (m.id.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The {@code evaluation} list hares writes for a task scored by {@code metric}. */
    public static List<String> namesFor(Metric metric) {
        return switch (metric) {
            case ACCURACY -> List.of(TOP1_ACC.id);
            case MAP -> List.of(MAP.id, D_PRIME.id, AUCROC.id);
        };
    }
}
