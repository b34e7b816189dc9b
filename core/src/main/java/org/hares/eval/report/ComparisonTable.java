package org.hares.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hares.data.Domain;

/**
 * Several models' results side by side: one row per task, per domain (mean of the domain's tasks
 * that ran) and the HARES score (or, for a partial run, the mean of the tasks that ran), one column
 * per model, plus an optional reference column (e.g. chance level). A task score at or below its
 * reference (compared as printed, to one decimal) is marked {@code (≤ reference)}, so a score no
 * better than chance is never read as a result.
 */
public record ComparisonTable(String title, Map<String, EvalResults> models, String referenceName, Map<String, Double> reference) {

    public ComparisonTable {
        Objects.requireNonNull(title, "title");
        models = new LinkedHashMap<>(models);
        reference = Map.copyOf(reference);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one model");
        }
    }

    /** A GitHub-flavoured Markdown table (also readable as plain text). */
    public String markdown() {
        List<String> header = new ArrayList<>(List.of("task", "metric"));
        if (referenceName != null) {
            header.add(referenceName);
        }
        header.addAll(models.keySet());
        List<List<String>> rows = new ArrayList<>();
        Set<String> taskIds = new LinkedHashSet<>();
        models.values().forEach(r -> r.tasks().forEach(t -> taskIds.add(t.ref().toString())));
        for (String task : taskIds) {
            List<String> row = new ArrayList<>(List.of(task, metricOf(task)));
            if (referenceName != null) {
                row.add(format(reference.get(task)));
            }
            for (EvalResults r : models.values()) {
                Double score = r.tasks().stream().filter(t -> t.ref().toString().equals(task)).map(TaskResult::score)
                        .findFirst().orElse(null);
                row.add(format(score) + (atOrBelow(score, reference.get(task)) ? " " + marker() : ""));
            }
            rows.add(row);
        }
        for (Domain d : Domain.values()) {
            List<String> row = new ArrayList<>(List.of("**" + d.id() + "**", "mean of tasks run"));
            if (referenceName != null) {
                row.add("");
            }
            models.values().forEach(r -> row.add(format(r.tasks().stream().filter(t -> t.domain() == d)
                    .mapToDouble(TaskResult::score).average().stream().boxed().findFirst().orElse(null))));
            rows.add(row);
        }
        List<String> last = new ArrayList<>(List.of("**HARES**", models.values().iterator().next().hares().score() == null
                ? "partial mean" : "mean of 12"));
        if (referenceName != null) {
            last.add("");
        }
        models.values().forEach(r -> last.add(format(r.hares().score() != null ? r.hares().score() : r.hares().partialMean())));
        rows.add(last);

        StringBuilder s = new StringBuilder("### ").append(title).append("\n\n");
        s.append(line(header)).append(line(header.stream().map(h -> "---").toList()));
        rows.forEach(r -> s.append(line(r)));
        if (rows.stream().anyMatch(r -> r.stream().anyMatch(c -> c.endsWith(marker())))) {
            s.append("\n").append(marker()).append(": no better than ").append(referenceName)
                    .append(" on this task (at or below the ").append(referenceName).append(" column).\n");
        }
        return s.toString();
    }

    private String marker() {
        return "(≤ " + referenceName + ")";
    }

    /** Whether {@code score} is at or below {@code reference} as both are printed (one decimal). */
    private boolean atOrBelow(Double score, Double reference) {
        return referenceName != null && score != null && reference != null
                && Math.round(score * 10) <= Math.round(reference * 10);
    }

    private String metricOf(String task) {
        return models.values().stream().flatMap(r -> r.tasks().stream()).filter(t -> t.ref().toString().equals(task))
                .map(t -> t.metric().id()).findFirst().orElse("");
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String format(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }
}
