package org.hares.eval.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hares.data.Domain;
import org.hares.data.hares.HaresTasks;

/**
 * {@code results.md}: the run's row beside the paper's published Slowfast NFNet-F0 row and the
 * HARES authors' BYOL-A and PANNs-CNN14 runs (Table 4); tasks not comparable with the paper are
 * marked with †.
 */
final class ResultsMarkdown {

    private static final List<PaperResults> COLUMNS = List.of(PaperResults.SLOWFAST_NFNET_F0, PaperResults.BYOL_A_OURS,
            PaperResults.PANNS_CNN14_OURS);

    private ResultsMarkdown() {}

    static String render(EvalResults r) {
        StringBuilder s = new StringBuilder();
        s.append("# HARES results: ").append(r.model().get("name")).append("\n\n");
        s.append("Protocol: `").append(r.provenance().get("protocol")).append("`; seeds: ")
                .append(r.provenance().get("seeds")).append("; model fingerprint: `").append(r.model().get("fingerprint"))
                .append("`.\n\n");
        s.append(EvalReports.origin(r)).append("\n\n");
        s.append("| Task | Metric | This run |");
        COLUMNS.forEach(c -> s.append(' ').append(c.label()).append(" |"));
        s.append("\n|---|---|---|");
        COLUMNS.forEach(c -> s.append("---|"));
        s.append('\n');
        boolean anyNotComparable = false;
        for (String id : PaperResults.TABLE_ORDER) {
            Optional<TaskResult> t = r.tasks().stream().filter(x -> x.id().equals(id)).findFirst();
            String ours;
            String metric;
            if (t.isPresent()) {
                TaskResult tr = t.get();
                ours = EvalReports.pct(tr.score()) + (tr.std() == null ? "" : " ± " + EvalReports.pct(tr.std()))
                        + (tr.comparableWithPaper() ? "" : " †");
                anyNotComparable |= !tr.comparableWithPaper();
                metric = tr.metric().id();
            } else {
                ours = "missing";
                metric = id.equals("audioset") || id.equals("magnatagatune") ? "mAP" : "accuracy";
            }
            s.append("| ").append(id).append(t.map(x -> ":" + x.ref().variant()).orElse("")).append(" | ").append(metric)
                    .append(" | ").append(ours).append(" |");
            COLUMNS.forEach(c -> s.append(' ').append(EvalReports.pct(c.score(id))).append(" |"));
            s.append('\n');
        }
        HaresScore h = r.hares();
        Map<String, Domain> suite = HaresTasks.suite();
        for (Domain d : Domain.values()) {
            s.append("| **").append(d.id()).append(" average** | | ").append(EvalReports.pct(h.domain(d))).append(" |");
            COLUMNS.forEach(c -> s.append(' ').append(EvalReports.pct(domainMean(c, d, suite))).append(" |"));
            s.append('\n');
        }
        s.append("| **HARES** | | ").append(h.score() == null
                ? "– (partial mean " + EvalReports.pct(h.partialMean()) + " over "
                        + r.tasks().stream().filter(t -> !t.ref().isHear()).count() + " tasks)"
                : "**" + EvalReports.pct(h.score()) + "**").append(" |");
        COLUMNS.forEach(c -> s.append(' ').append(EvalReports.pct(
                PaperResults.TABLE_ORDER.stream().mapToDouble(c::score).average().orElseThrow())).append(" |"));
        s.append("\n\n");
        List<TaskResult> hear = r.tasks().stream().filter(t -> t.ref().isHear()).toList();
        if (!hear.isEmpty()) {
            s.append("HEAR tasks (not part of HARES, never counted in its score):\n\n| Task | Metric | This run |\n|---|---|---|\n");
            hear.forEach(t -> s.append("| ").append(t.ref()).append(" | ").append(t.metric().id()).append(" | ")
                    .append(EvalReports.pct(t.score())).append(t.std() == null ? "" : " ± " + EvalReports.pct(t.std())).append(" |\n"));
            s.append('\n');
        }
        if (anyNotComparable) {
            s.append("† not comparable with the paper: ");
            r.tasks().stream().filter(t -> !t.comparableWithPaper())
                    .forEach(t -> s.append(t.ref()).append(" (").append(t.provenance().get("not_comparable_because")).append("); "));
            s.setLength(s.length() - 2);
            s.append(".\n\n");
        }
        if (!r.missing().isEmpty()) {
            s.append("Missing tasks: ");
            r.missing().forEach((id, why) -> s.append(id).append(" (").append(why).append("), "));
            s.setLength(s.length() - 2);
            s.append(".\n\n");
        }
        s.append("Scores in percent (mAP ×100). Published columns: Wang et al., \"Towards Learning Universal Audio "
                + "Representations\", ICASSP 2022 (arXiv 2111.12124 v2), Table 4.\n");
        return s.toString();
    }

    private static Double domainMean(PaperResults c, Domain d, Map<String, Domain> suite) {
        return suite.entrySet().stream().filter(e -> e.getValue() == d).mapToDouble(e -> c.score(e.getKey())).average().orElseThrow();
    }
}
