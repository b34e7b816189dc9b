package org.hares.data;

import java.util.Arrays;

/** A clip's labels: one class, a set of classes, or one class per slot. Indices refer to the task's label spaces. */
public sealed interface Labels permits Labels.Single, Labels.Multi, Labels.Slots {

    /** One class of a single-label task. */
    record Single(int index) implements Labels {
        public Single {
            if (index < 0) {
                throw new IllegalArgumentException("negative class index " + index);
            }
        }
    }

    /** Zero or more classes of a multi-label task, sorted ascending. */
    record Multi(int[] indices) implements Labels {
        public Multi {
            indices = Arrays.stream(indices).distinct().sorted().toArray();
            if (indices.length > 0 && indices[0] < 0) {
                throw new IllegalArgumentException("negative class index in " + Arrays.toString(indices));
            }
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Multi m && Arrays.equals(indices, m.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Multi" + Arrays.toString(indices);
        }
    }

    /** One class per label space, in the order of the task's label spaces. */
    record Slots(int[] indices) implements Labels {
        public Slots {
            indices = indices.clone();
            for (int i : indices) {
                if (i < 0) {
                    throw new IllegalArgumentException("negative slot index in " + Arrays.toString(indices));
                }
            }
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slots s && Arrays.equals(indices, s.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Slots" + Arrays.toString(indices);
        }
    }
}
