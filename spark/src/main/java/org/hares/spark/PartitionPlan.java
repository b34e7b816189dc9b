package org.hares.spark;

import java.io.Serializable;
import java.util.List;
import org.hares.data.TaskRef;
import org.hares.embed.AudioWindower;

/**
 * One unit of work and of output: consecutive clips of one task and window role. Its number names
 * its Parquet files and its commit marker, so a re-run finds what is already done.
 *
 * @param specJson the task's spec ({@link TaskSpecJson}), which fixes windows and crops
 */
public record PartitionPlan(int number, String task, String specJson, AudioWindower.Role role, List<ClipRow> clips)
        implements Serializable {

    public PartitionPlan {
        clips = List.copyOf(clips);
    }

    /** {@code part-00012}: the stem of this partition's files. */
    public String name() {
        return String.format("part-%05d", number);
    }

    TaskRef ref() {
        return TaskRef.parse(task);
    }

    /** The role as written in the {@code role} column: {@code eval} or {@code train-crops}. */
    static String roleName(AudioWindower.Role role) {
        return role == AudioWindower.Role.EVAL ? "eval" : "train-crops";
    }
}
