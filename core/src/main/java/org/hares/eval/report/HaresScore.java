package org.hares.eval.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hares.data.Domain;

/**
 * The HARES score (paper §2.1, recomputed from Table 4): the unweighted mean of the 12 task scores
 * (mAP in percent), not the mean of the domain averages; plus one average per domain.
 *
 * @param score       the HARES score; null unless every task of the suite ran
 * @param partial     whether some task is missing
 * @param partialMean mean over the tasks that ran (NaN when none did)
 * @param missing     ids of the suite's tasks that did not run, in suite order
 * @param domains     per-domain average; null for a domain with a missing task
 */
public record HaresScore(Double score, boolean partial, double partialMean, List<String> missing, Map<Domain, Double> domains) {

    public HaresScore {
        missing = List.copyOf(missing);
        domains = new EnumMap<>(domains);
    }

    @Override
    public Map<Domain, Double> domains() {
        return new EnumMap<>(domains);
    }

    /**
     * Scores a run.
     *
     * @param suite   every task id of the suite, in order, with its domain
     * @param results the tasks that ran (ids must belong to the suite)
     */
    public static HaresScore of(Map<String, Domain> suite, Collection<TaskResult> results) {
        Map<String, Double> byId = new LinkedHashMap<>();
        for (TaskResult r : results) {
            if (!suite.containsKey(r.id())) {
                throw new IllegalArgumentException("task '" + r.id() + "' is not part of the suite " + suite.keySet());
            }
            if (byId.put(r.id(), r.score()) != null) {
                throw new IllegalArgumentException("task '" + r.id() + "' scored twice");
            }
        }
        List<String> missing = new ArrayList<>();
        Map<Domain, Double> domains = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            double sum = 0;
            int present = 0;
            int total = 0;
            for (Map.Entry<String, Domain> e : suite.entrySet()) {
                if (e.getValue() != d) {
                    continue;
                }
                total++;
                Double s = byId.get(e.getKey());
                if (s != null) {
                    sum += s;
                    present++;
                }
            }
            domains.put(d, total > 0 && present == total ? sum / total : null);
        }
        suite.keySet().stream().filter(id -> !byId.containsKey(id)).forEach(missing::add);
        double partialMean = byId.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new HaresScore(missing.isEmpty() ? partialMean : null, !missing.isEmpty(), partialMean, missing, domains);
    }

    public Double domain(Domain d) {
        return domains.get(Objects.requireNonNull(d));
    }
}
