package org.hares.spark;

import java.io.Serializable;
import org.hares.data.Clip;
import org.hares.data.Labels;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/**
 * One clip of the job's manifest as it travels to the executors: where to read it, what to cut and
 * the fields every output row carries.
 *
 * @param index  the clip's position in its task's clip list (the evaluation's order)
 * @param file   URI or local path of the audio, read through Hadoop's FileSystem
 * @param labels class indices (see {@link #labels(TaskSpec, int[])})
 */
public record ClipRow(int index, String id, String file, double offsetSeconds, double durationSeconds, Split split, int fold,
        int[] labels) implements Serializable {

    static ClipRow of(int index, Clip clip, String file) {
        return new ClipRow(index, clip.id(), file, clip.segment().offsetSeconds(), clip.segment().durationSeconds(),
                clip.split(), clip.fold(), indices(clip.labels()));
    }

    /** The clip as the windowing code sees it, its audio at {@code localFile}. */
    Clip toClip(java.nio.file.Path localFile, TaskSpec spec) {
        return new Clip(id, localFile, new Segment(offsetSeconds, durationSeconds), split, fold, labels(spec, labels));
    }

    static int[] indices(Labels labels) {
        if (labels instanceof Labels.Single s) {
            return new int[] {s.index()};
        }
        return labels instanceof Labels.Multi m ? m.indices() : ((Labels.Slots) labels).indices();
    }

    /** The labels of a clip of {@code spec} from their indices: one per slot, a set, or one class. */
    static Labels labels(TaskSpec spec, int[] indices) {
        if (spec.head() == org.hares.data.HeadType.SLOTS) {
            return new Labels.Slots(indices);
        }
        if (spec.multiLabel()) {
            return new Labels.Multi(indices);
        }
        if (indices.length != 1) {
            throw new IllegalArgumentException(spec.ref() + " is single-label, but a clip has " + indices.length + " labels");
        }
        return new Labels.Single(indices[0]);
    }
}
