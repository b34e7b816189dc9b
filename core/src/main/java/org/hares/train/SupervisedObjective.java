package org.hares.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.hares.data.TaskSpec;

/**
 * Classification with the task's labels; the loss of each example does not depend on the others,
 * so a batch larger than a pass is plain gradient accumulation: each micro-batch back-propagates
 * its share of the batch-mean loss.
 */
final class SupervisedObjective implements TrainingObjective {

    private final TaskSpec spec;

    SupervisedObjective(TaskSpec spec) {
        this.spec = spec;
    }

    @Override
    public StepResult gradients(TrainingModel model, Batch batch, int microBatch, long seed) {
        int n = batch.examples();
        double total = 0;
        try (NDManager scope = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int c = 0, from = 0; from < n; c++, from += microBatch) {
                int to = Math.min(n, from + microBatch);
                try (NDManager chunk = scope.newSubManager()) {
                    TrainingObjective.seedChunk(seed, batch.step(), c);
                    NDList logits = model.forward(TrainingObjective.input(chunk, batch, from, to), true);
                    NDArray loss = ClassifierHeads.lossSum(spec, logits, targets(chunk, batch, from, to)).div(n);
                    total += loss.getFloat();
                    gc.backward(loss);
                }
            }
        }
        return new StepResult((float) total, Float.NaN);
    }

    private List<NDArray> targets(NDManager m, Batch batch, int from, int to) {
        List<NDArray> out = new ArrayList<>();
        for (int h = 0; h < batch.targets().size(); h++) {
            int classes = spec.labelSpaces().get(h).size();
            float[] t = new float[(to - from) * classes];
            System.arraycopy(batch.targets().get(h), from * classes, t, 0, t.length);
            out.add(m.create(t, new Shape(to - from, classes)));
        }
        return out;
    }
}
