package org.hares.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hares.data.LabelSpace;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;
import org.hares.frontend.FrontendConfig;
import org.hares.data.hares.HaresTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hares tasks [ID[:VARIANT]]}: the 12 tasks, their protocol settings and expected layouts. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"List the 12 HARES tasks with their specs and expected dataset layouts.",
                "With ID[:VARIANT]: that task in full, with the provenance of every choice and its classes."})
public final class TasksCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "ID[:VARIANT]", description = "Show one task in full.")
    String task;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (task == null) {
            for (TaskSpec s : HaresTasks.specs()) {
                summary(out, s);
                out.println(indent(HaresTasks.layout(s.id()), "    "));
                out.println();
            }
            out.println("Select datasets with --task ID[:VARIANT]=DIR (repeatable) or --config FILE; check them with 'hares check'.");
        } else {
            TaskSpec s = HaresTasks.spec(TaskRef.parse(task));
            summary(out, s);
            out.println(indent(HaresTasks.layout(s.id()), "    "));
            Map<Split, Integer> official = HaresTasks.officialCounts(s.ref());
            if (!official.isEmpty()) {
                out.println("  official counts: " + new java.util.EnumMap<>(official));
            }
            out.println("  provenance:");
            s.provenance().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.println("    " + e.getKey() + ": " + e.getValue()));
            for (LabelSpace space : s.labelSpaces()) {
                out.println("  classes '" + space.name() + "' (" + space.size() + "): " + preview(space.classes()));
            }
        }
        out.flush();
        return 0;
    }

    private static void summary(PrintWriter out, TaskSpec s) {
        String classes = s.labelSpaces().stream().map(l -> l.name() + " " + l.size()).reduce((a, b) -> a + " x " + b).orElseThrow();
        List<String> variants = HaresTasks.variants(s.id());
        if (variants.size() == 1) {
            out.printf("%s  [variant: %s]%n", s.id(), variants.get(0));
        } else {
            out.printf("%s  [variants: %s; without a variant: %s]%n", s.id(), String.join(", ", variants),
                    HaresTasks.spec(new TaskRef(s.id(), TaskRef.DEFAULT_VARIANT)).ref().variant());
        }
        out.printf("  %s, %s%s, %s, head %s, train crop %s s (T = %d), eval %s (T = %d), %s%n",
                s.domain().id(), classes, s.multiLabel() ? " (multi-label)" : "", s.metric().id(), s.head().name().toLowerCase(),
                trim(s.trainCropSeconds()), frames(s.trainCropSeconds()), windowing(s.evalWindowing()),
                frames(s.evalWindowing().windowSeconds()),
                s.steps() == 0 ? "no SGD schedule" : s.steps() + " steps x batch " + s.batchSize());
        if (!s.comparableWithPaper()) {
            out.println("  not comparable with the paper: " + s.provenance().get("comparable_with_paper"));
        }
    }

    /** Log-mel frames of a window of this length: the T of the model input (B, T, 128, 1). */
    private static int frames(double seconds) {
        return FrontendConfig.DEFAULT.frames((int) Math.round(seconds * FrontendConfig.DEFAULT.sampleRate()));
    }

    static String windowing(Windowing w) {
        if (w instanceof Windowing.EquallySpaced e) {
            return e.count() + " equally spaced " + trim(e.windowSeconds()) + "-s windows";
        }
        return "consecutive " + trim(w.windowSeconds()) + "-s windows";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String preview(List<String> classes) {
        int n = Math.min(classes.size(), 20);
        return String.join(", ", classes.subList(0, n)) + (classes.size() > n ? ", ... (" + (classes.size() - n) + " more)" : "");
    }

    static String indent(String text, String prefix) {
        return text.lines().map(l -> prefix + l).reduce((a, b) -> a + System.lineSeparator() + b).orElse("");
    }
}
