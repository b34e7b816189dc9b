package org.hares.eval.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hares.data.Domain;
import org.hares.io.AtomicFiles;

/** Writes a run's {@code results.json}, {@code results.md} and {@code report.html} (each atomically). */
public final class EvalReports {

    private EvalReports() {}

    /**
     * Writes the three files into {@code outDir} as one set (see {@link AtomicFiles#writeAll}): a
     * failure leaves an earlier run's three in place, never a mix. Returns the path of {@code results.json}.
     */
    public static Path write(EvalResults results, Path outDir) {
        Path json = outDir.resolve("results.json");
        Map<Path, AtomicFiles.Body> files = new java.util.LinkedHashMap<>();
        files.put(outDir.resolve("results.md"), utf8(ResultsMarkdown.render(results)));
        files.put(outDir.resolve("report.html"), utf8(ReportHtml.render(results)));
        files.put(json, utf8(json(results)));
        AtomicFiles.writeAll(files);
        return json;
    }

    private static AtomicFiles.Body utf8(String text) {
        return out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** When and from what the results were made, one line for the Markdown and HTML reports. */
    static String origin(EvalResults r) {
        Map<String, Object> p = r.provenance();
        StringBuilder s = new StringBuilder("Made ").append(p.getOrDefault("created", "?"));
        if (p.containsKey("hares_version")) {
            s.append(" by hares ").append(p.get("hares_version"));
        }
        s.append(" from model ").append(r.model().get("name")).append(" (weights ").append(r.model().get("fingerprint"));
        if (r.model().containsKey("checkpoint")) {
            s.append(", checkpoint ").append(r.model().get("checkpoint"));
        }
        s.append(')');
        if (p.containsKey("command_line")) {
            s.append("; command: ").append(p.get("command_line"));
        }
        return s.append('.').toString();
    }

    /** The {@code results.json} text: scores in percent; see the README for the contract. */
    public static String json(EvalResults r) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeFieldName("model");
            value(g, r.model());
            HaresScore h = r.hares();
            g.writeObjectFieldStart("hares");
            number(g, "score", h.score());
            g.writeBooleanField("partial", h.partial());
            number(g, "partial_mean", Double.isNaN(h.partialMean()) ? null : h.partialMean());
            g.writeArrayFieldStart("missing");
            for (String id : h.missing()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("domains");
            for (Domain d : Domain.values()) {
                number(g, d.id(), h.domain(d));
            }
            g.writeEndObject();
            g.writeFieldName("missing_reasons");
            value(g, r.missing());
            g.writeEndObject();
            g.writeObjectFieldStart("tasks");
            for (TaskResult t : r.tasks()) {
                g.writeObjectFieldStart(t.id());
                g.writeStringField("variant", t.ref().variant());
                if (t.domain() == null) {
                    g.writeNullField("domain");
                } else {
                    g.writeStringField("domain", t.domain().id());
                }
                g.writeStringField("metric", t.metric().id());
                g.writeNumberField("score", t.score());
                number(g, "std", t.std());
                g.writeFieldName("seed_scores");
                value(g, t.seedScores());
                g.writeBooleanField("comparable_with_paper", t.comparableWithPaper());
                g.writeNumberField("n_train", t.nTrain());
                g.writeNumberField("n_test", t.nTest());
                for (Map.Entry<String, Object> e : t.extra().entrySet()) {
                    g.writeFieldName(e.getKey());
                    value(g, e.getValue());
                }
                g.writeNumberField("bad_files_count", t.badFiles().size());
                g.writeFieldName("bad_files");
                value(g, t.badFiles());
                g.writeFieldName("provenance");
                value(g, t.provenance());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeFieldName("provenance");
            value(g, r.provenance());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void number(JsonGenerator g, String name, Double v) throws IOException {
        if (v == null || v.isNaN()) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    static String pct(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }
}
