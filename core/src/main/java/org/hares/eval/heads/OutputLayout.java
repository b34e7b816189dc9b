package org.hares.eval.heads;

import java.util.Arrays;
import java.util.List;
import org.hares.data.HeadType;
import org.hares.data.LabelSpace;
import org.hares.data.TaskSpec;

/**
 * The columns a head outputs: one softmax group per label space (single-label tasks have one,
 * Fluent Speech Commands three), or independent sigmoids for multi-label tasks.
 *
 * @param sigmoid whether every column is an independent sigmoid (multi-label)
 * @param groups  sizes of the softmax groups, or the single class count when {@code sigmoid}
 */
public record OutputLayout(boolean sigmoid, int[] groups) {

    public OutputLayout {
        groups = groups.clone();
        if (groups.length == 0 || Arrays.stream(groups).anyMatch(g -> g < 1)) {
            throw new IllegalArgumentException("output groups must be positive, got " + Arrays.toString(groups));
        }
        if (sigmoid && groups.length != 1) {
            throw new IllegalArgumentException("a sigmoid layout has one group, got " + Arrays.toString(groups));
        }
    }

    public static OutputLayout softmax(int classes) {
        return new OutputLayout(false, new int[] {classes});
    }

    public static OutputLayout sigmoid(int classes) {
        return new OutputLayout(true, new int[] {classes});
    }

    public static OutputLayout of(TaskSpec spec) {
        List<LabelSpace> spaces = spec.labelSpaces();
        if (spec.multiLabel() || spec.head() == HeadType.SIGMOID || spec.head() == HeadType.MLP_512) {
            return sigmoid(spec.classes().size());
        }
        return new OutputLayout(false, spaces.stream().mapToInt(LabelSpace::size).toArray());
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** Total number of output columns. */
    public int width() {
        return Arrays.stream(groups).sum();
    }

    public int groupCount() {
        return groups.length;
    }

    /** First column of softmax group {@code g}. */
    public int groupStart(int g) {
        int s = 0;
        for (int i = 0; i < g; i++) {
            s += groups[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputLayout l && l.sigmoid == sigmoid && Arrays.equals(l.groups, groups);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(groups) * 31 + Boolean.hashCode(sigmoid);
    }

    @Override
    public String toString() {
        return (sigmoid ? "sigmoid" : "softmax") + Arrays.toString(groups);
    }
}
