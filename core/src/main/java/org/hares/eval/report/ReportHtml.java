package org.hares.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hares.data.Domain;
import org.hares.data.hares.HaresTasks;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with a
 * bar chart per task and per domain comparing the run with the paper's published columns.
 */
final class ReportHtml {

    private static final List<PaperResults> COLUMNS = List.of(PaperResults.SLOWFAST_NFNET_F0, PaperResults.BYOL_A_OURS,
            PaperResults.PANNS_CNN14_OURS);
    private static final String[] COLOURS = {"#d95f02", "#1b9e77", "#7570b3", "#e7298a"};

    private ReportHtml() {}

    static String render(EvalResults r) {
        StringBuilder s = new StringBuilder();
        String name = escape(String.valueOf(r.model().get("name")));
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>HARES report: ").append(name)
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + ".grid{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3em}"
                        + "table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.legend span{display:inline-block;margin-right:1em}"
                        + ".swatch{width:.9em;height:.9em;display:inline-block;margin-right:.3em;vertical-align:middle}</style>\n")
                .append("</head><body>\n<h1>HARES report: ").append(name).append("</h1>\n");
        HaresScore h = r.hares();
        s.append("<p>HARES score: <strong>").append(h.score() == null ? "– (partial: " + EvalReports.pct(h.partialMean())
                + " mean over " + r.tasks().stream().filter(t -> !t.ref().isHear()).count() + " of 12 tasks)" : EvalReports.pct(h.score()))
                .append("</strong>. Protocol <code>").append(escape(String.valueOf(r.provenance().get("protocol"))))
                .append("</code>, model fingerprint <code>").append(escape(String.valueOf(r.model().get("fingerprint"))))
                .append("</code>.</p>\n");
        s.append("<p class=\"legend\">");
        List<String> series = series();
        for (int i = 0; i < series.size(); i++) {
            s.append("<span><span class=\"swatch\" style=\"background:").append(COLOURS[i]).append("\"></span>")
                    .append(escape(series.get(i))).append("</span>");
        }
        s.append("</p>\n");
        if (!r.tasks().stream().allMatch(TaskResult::comparableWithPaper)) {
            s.append("<p>† Not comparable with the paper (other data, split or protocol): the published bars beside those "
                    + "charts are faded, for orientation only.</p>\n");
        }
        s.append("<h2>Domains</h2>\n<div class=\"grid\">\n");
        Map<String, Domain> suite = HaresTasks.suite();
        for (Domain d : Domain.values()) {
            List<String> all = suite.entrySet().stream().filter(e -> e.getValue() == d).map(Map.Entry::getKey).toList();
            List<TaskResult> run = r.tasks().stream().filter(t -> suite.get(t.id()) == d).toList();
            // a partly run domain is compared over the tasks that ran, the published columns included
            boolean partial = !run.isEmpty() && run.size() < all.size();
            List<String> over = partial ? run.stream().map(TaskResult::id).toList() : all;
            List<Double> values = new ArrayList<>();
            values.add(partial ? Double.valueOf(run.stream().mapToDouble(TaskResult::score).average().orElseThrow()) : h.domain(d));
            for (PaperResults c : COLUMNS) {
                values.add(over.stream().mapToDouble(c::score).average().orElseThrow());
            }
            boolean comparable = run.stream().allMatch(TaskResult::comparableWithPaper);
            String title = d.id() + " average" + (partial ? " over the " + run.size() + " of " + all.size() + " tasks run" : "")
                    + (comparable ? "" : " (not comparable †)");
            s.append(chart("domain-chart", "data-domain", d.id(), title, values, comparable));
        }
        s.append("</div>\n<h2>Tasks</h2>\n<div class=\"grid\">\n");
        for (TaskResult t : r.tasks()) {
            List<Double> values = new ArrayList<>();
            values.add(t.score());
            for (PaperResults c : COLUMNS) {
                values.add(c.scores().get(t.id()));
            }
            s.append(chart("task-chart", "data-task", t.id(), t.ref() + " (" + t.metric().id()
                    + (t.comparableWithPaper() ? "" : ", not comparable †") + ")", values, t.comparableWithPaper()));
        }
        s.append("</div>\n<h2>Table</h2>\n<table><tr><th>task</th><th>metric</th><th>score</th><th>std</th><th>test clips</th>"
                + "<th>comparable</th></tr>\n");
        for (TaskResult t : r.tasks()) {
            s.append("<tr><td>").append(escape(t.ref().toString())).append("</td><td>").append(t.metric().id()).append("</td><td>")
                    .append(EvalReports.pct(t.score())).append("</td><td>").append(EvalReports.pct(t.std())).append("</td><td>")
                    .append(t.nTest()).append("</td><td>").append(t.comparableWithPaper() ? "yes" : "no †").append("</td></tr>\n");
        }
        s.append("</table>\n");
        if (!r.missing().isEmpty()) {
            s.append("<p>Missing: ");
            Map<String, String> m = new LinkedHashMap<>(r.missing());
            m.forEach((id, why) -> s.append(escape(id)).append(" (").append(escape(why)).append("), "));
            s.setLength(s.length() - 2);
            s.append(".</p>\n");
        }
        s.append("<p>").append(escape(EvalReports.origin(r))).append("</p>\n");
        s.append("<p>Published scores: Wang et al., ICASSP 2022 (arXiv 2111.12124 v2), Table 4.</p>\n</body></html>\n");
        return s.toString();
    }

    private static List<String> series() {
        List<String> out = new ArrayList<>();
        out.add("this run");
        COLUMNS.forEach(c -> out.add(c.label()));
        return out;
    }

    /**
     * A horizontal bar chart of 0–100 % values, this run's first; a missing value is drawn as "n/a". The published
     * bars are faded when the run is not comparable with them.
     */
    private static String chart(String cssClass, String attribute, String key, String title, List<Double> values,
            boolean comparable) {
        int barHeight = 18;
        int width = 320;
        int labelWidth = 200;
        int height = values.size() * (barHeight + 6) + 6;
        List<String> names = series();
        StringBuilder s = new StringBuilder();
        s.append("<figure><figcaption>").append(escape(title)).append("</figcaption>\n<svg class=\"chart ").append(cssClass)
                .append("\" ").append(attribute).append("=\"").append(escape(key)).append("\" role=\"img\" width=\"")
                .append(width + labelWidth + 50).append("\" height=\"").append(height).append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        for (int i = 0; i < values.size(); i++) {
            int y = 6 + i * (barHeight + 6);
            Double v = values.get(i);
            s.append("<text x=\"0\" y=\"").append(y + 13).append("\" font-size=\"12\">").append(escape(names.get(i))).append("</text>");
            if (v == null) {
                s.append("<text x=\"").append(labelWidth).append("\" y=\"").append(y + 13).append("\" font-size=\"12\">n/a</text>\n");
                continue;
            }
            double w = Math.max(0, Math.min(100, v)) / 100 * width;
            s.append("<rect class=\"bar\" x=\"").append(labelWidth).append("\" y=\"").append(y).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(barHeight)
                    .append("\" fill=\"").append(COLOURS[i]).append(i > 0 && !comparable ? "\" opacity=\"0.3" : "")
                    .append("\"><title>").append(escape(names.get(i))).append(": ")
                    .append(EvalReports.pct(v)).append("</title></rect>");
            s.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelWidth + w + 4)).append("\" y=\"").append(y + 13)
                    .append("\" font-size=\"12\">").append(EvalReports.pct(v)).append("</text>\n");
        }
        return s.append("</svg></figure>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
