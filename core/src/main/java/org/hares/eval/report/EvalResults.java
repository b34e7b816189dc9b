package org.hares.eval.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a run produced: what {@code results.json}, {@code results.md} and {@code report.html} show.
 *
 * @param model      name, fingerprint, embedding size and the model's own provenance
 * @param hares      the HARES score (or the partial mean) and domain averages
 * @param tasks      per-task results in suite order
 * @param missing    task id → why it did not run (not selected, or no data at the given folder)
 * @param provenance protocol, seeds, crops, cache, timings and the run's other settings
 */
public record EvalResults(Map<String, Object> model, HaresScore hares, List<TaskResult> tasks, Map<String, String> missing,
        Map<String, Object> provenance) {

    public EvalResults {
        model = Map.copyOf(model);
        tasks = List.copyOf(tasks);
        missing = Map.copyOf(missing);
        provenance = Map.copyOf(provenance);
    }

    /** The same results with {@code more} added to the provenance (the CLI adds its version and command line). */
    public EvalResults withProvenance(Map<String, Object> more) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(provenance);
        p.putAll(more);
        return new EvalResults(model, hares, tasks, missing, p);
    }
}
