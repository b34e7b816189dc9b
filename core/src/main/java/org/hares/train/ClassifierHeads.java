package org.hares.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.TaskSpec;

/**
 * Supervised pretraining heads: one linear classifier on the embedding per label space (one for
 * most tasks, one per slot for Fluent Speech Commands), softmax cross-entropy for single-label
 * spaces and sigmoid cross-entropy (mean over classes) for multi-label ones, with soft targets
 * so that mixed examples carry mixed labels.
 */
final class ClassifierHeads {

    private ClassifierHeads() {}

    static ParallelBlock of(TaskSpec spec) {
        ParallelBlock heads = new ParallelBlock(lists -> { NDList all = new NDList(); lists.forEach(all::addAll); return all; });
        for (LabelSpace space : spec.labelSpaces()) {
            heads.add(Linear.builder().setUnits(space.size()).build());
        }
        return heads;
    }

    /** Sum over examples (and over heads) of the per-example loss; divide by the batch size for the mean. */
    static NDArray lossSum(TaskSpec spec, NDList logits, List<NDArray> targets) {
        NDArray total = null;
        for (int h = 0; h < logits.size(); h++) {
            NDArray z = logits.get(h);
            NDArray y = targets.get(h);
            NDArray loss = spec.multiLabel()
                    // log(1 + e^z) − z·y, written stably: max(z, 0) − z·y + log(1 + e^−|z|)
                    ? z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log()).mean(new int[] {1}).sum()
                    : z.logSoftmax(1).mul(y).sum().neg();
            total = total == null ? loss : total.add(loss);
        }
        return total;
    }

    /** Label → target rows: one-hot per head (multi-hot for multi-label tasks). */
    static final class Targets {
        private final TaskSpec spec;

        Targets(TaskSpec spec) {
            this.spec = spec;
        }

        /** One {@code (clips × classes)} row-major matrix per label space. */
        List<float[]> of(List<Labels> labels) {
            List<float[]> out = new ArrayList<>();
            for (int h = 0; h < spec.labelSpaces().size(); h++) {
                int classes = spec.labelSpaces().get(h).size();
                float[] t = new float[labels.size() * classes];
                for (int i = 0; i < labels.size(); i++) {
                    for (int c : classesOf(labels.get(i), h)) {
                        t[i * classes + c] = 1f;
                    }
                }
                out.add(t);
            }
            return out;
        }

        private static int[] classesOf(Labels labels, int head) {
            if (labels instanceof Labels.Single s) {
                return new int[] {s.index()};
            }
            if (labels instanceof Labels.Multi m) {
                return m.indices();
            }
            return new int[] {((Labels.Slots) labels).indices()[head]};
        }
    }
}
