package org.hares.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.io.NpyArray;

/**
 * Adam (Kingma and Ba; PyTorch's {@code torch.optim.Adam} defaults β = (0.9, 0.999), ε = 1e-8,
 * no weight decay) with its moment estimates in the open. DJL's own {@code Adam} keeps them in
 * private fields, so its state cannot be checkpointed and a resumed run would restart the moments;
 * this one's state is saved with every checkpoint. Tested against DJL's {@code Adam}.
 */
final class Adam implements AutoCloseable {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray> mean = new HashMap<>();
    private final Map<String, NDArray> variance = new HashMap<>();
    private long updates;

    Adam(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    long updates() {
        return updates;
    }

    /** One update of every parameter from its gradient; call outside a gradient collector. */
    void step(List<TrainingModel.Named> parameters, float learningRate) {
        updates++;
        double correction1 = 1 - Math.pow(BETA1, updates);
        double correction2 = 1 - Math.pow(BETA2, updates);
        float stepSize = (float) (learningRate / correction1);
        float rootCorrection2 = (float) Math.sqrt(correction2);
        for (TrainingModel.Named p : parameters) {
            NDArray w = p.array();
            try (NDManager scope = manager.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(scope);
                NDArray m = mean.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
                NDArray v = variance.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().muli(1 - BETA2));
                // results of ops on m and v land in their manager: attach each to the step's scope
                NDArray denominator = v.sqrt();
                denominator.attach(scope);
                denominator.divi(rootCorrection2).addi(EPSILON);
                NDArray update = m.div(denominator);
                update.attach(scope);
                w.subi(update.muli(stepSize));
            }
        }
    }

    /** Moments as {@code m/NAME}, {@code v/NAME} and the update count as {@code updates}. */
    Map<String, NpyArray> state() {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        mean.forEach((k, a) -> out.put("m/" + k, RunDirectory.toNpy(a)));
        variance.forEach((k, a) -> out.put("v/" + k, RunDirectory.toNpy(a)));
        out.put("updates", NpyArray.ofLongs(new long[] {updates}, 1));
        return out;
    }

    void restore(Map<String, NpyArray> state, List<TrainingModel.Named> parameters) {
        mean.values().forEach(NDArray::close);
        variance.values().forEach(NDArray::close);
        mean.clear();
        variance.clear();
        for (TrainingModel.Named p : parameters) {
            NpyArray m = state.get("m/" + p.name());
            NpyArray v = state.get("v/" + p.name());
            if (m != null && v != null) {
                NDArray w = p.array();
                mean.put(p.name(), manager.create(m.toFloats(), w.getShape()));
                variance.put(p.name(), manager.create(v.toFloats(), w.getShape()));
            }
        }
        updates = state.get("updates").toLongs()[0];
    }

    @Override
    public void close() {
        manager.close();
    }
}
