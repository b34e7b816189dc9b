package org.hares.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LayerTimer} that records every lap of every pass; {@link #rows()} gives, per layer and
 * kind of work, its time in each pass.
 */
public final class ForwardProfile implements LayerTimer {

    /** One layer's work of one kind: multiply-accumulates per pass (whole batch) and its seconds in each pass. */
    public record Row(String layer, Kind kind, long macs, double[] seconds) {
    }

    private record Key(String layer, Kind kind) {
    }

    private final List<Map<Key, double[]>> passes = new ArrayList<>();
    private Map<Key, double[]> current;
    private long last;

    @Override
    public void start() {
        current = new LinkedHashMap<>();
        passes.add(current);
        last = System.nanoTime();
    }

    @Override
    public void lap(String layer, Kind kind, long macs) {
        long now = System.nanoTime();
        if (current == null) {
            throw new IllegalStateException("lap before start");
        }
        // {seconds, macs}, summed over the laps of one layer and kind in a pass
        double[] sum = current.computeIfAbsent(new Key(layer, kind), k -> new double[2]);
        sum[0] += (now - last) / 1e9;
        sum[1] += macs;
        last = System.nanoTime();
    }

    /** Forgets the passes so far (the warm-up). */
    public void clear() {
        passes.clear();
        current = null;
    }

    public int passes() {
        return passes.size();
    }

    /** Each pass's seconds: the sum of its laps. */
    public double[] passSeconds() {
        return passes.stream().mapToDouble(p -> p.values().stream().mapToDouble(s -> s[0]).sum()).toArray();
    }

    /** Per layer and kind, in the order of the first pass. */
    public List<Row> rows() {
        if (passes.isEmpty()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Key, double[]> e : passes.get(0).entrySet()) {
            double[] seconds = passes.stream().mapToDouble(p -> p.getOrDefault(e.getKey(), new double[2])[0]).toArray();
            rows.add(new Row(e.getKey().layer(), e.getKey().kind(), (long) e.getValue()[1], seconds));
        }
        return rows;
    }
}
