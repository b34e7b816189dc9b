package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hares.HaresException;
import org.hares.data.Clip;
import org.hares.data.ClipFiles;
import org.hares.data.DatasetSelection;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.LayoutReport;
import org.hares.data.LoadedTask;
import org.hares.data.Split;
import org.hares.data.TaskSpec;
import org.hares.data.hares.HaresTasks;
import org.hares.data.hear.HearTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hares check}: reads each selected dataset as the evaluation would and reports counts per
 * split and class against the official ones, missing, unreadable and unexpected files. Exits 3 when
 * any dataset has a layout error (a smaller copy alone is reported, not refused).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate dataset copies: clips per split and class, official counts, missing, unreadable and unexpected files.",
                "Exits non-zero on layout errors (missing metadata, listed files absent, unknown labels)."})
public final class CheckCommand implements Callable<Integer> {

    static final int EXIT_LAYOUT = 3;

    @Mixin
    TaskSelectionOptions selection;

    @Option(names = "--list", paramLabel = "N", defaultValue = "20",
            description = "How many missing/unreadable/unexpected files to list per task (default: ${DEFAULT-VALUE}).")
    int list;

    @Option(names = "--no-classes", description = "Do not print the per-class table.")
    boolean noClasses;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DatasetSelection> selections = selection.selections();
        int failed = 0;
        for (DatasetSelection s : selections) {
            out.println("== " + s.ref() + "  " + s.root());
            try {
                if (!check(s, out, err)) {
                    failed++;
                }
            } catch (HaresException e) {
                out.println("  FAIL: " + e.getMessage());
                failed++;
            }
            out.println();
            out.flush();
        }
        out.printf("%d of %d dataset(s) OK%n", selections.size() - failed, selections.size());
        out.flush();
        return failed == 0 ? 0 : EXIT_LAYOUT;
    }

    private boolean check(DatasetSelection s, PrintWriter out, PrintWriter err) {
        LoadedTask task = s.isHear() ? HearTasks.inspect(s) : HaresTasks.inspect(s);
        TaskSpec spec = task.spec();
        out.println("  variant " + spec.ref() + (spec.comparableWithPaper() ? " (comparable with the paper)"
                : " (NOT comparable with the paper: " + spec.provenance().get("comparable_with_paper") + ")"));
        Map<Split, Integer> counts = task.countsPerSplit();
        Map<Split, Integer> official = s.isHear() ? Map.of() : HaresTasks.officialCounts(spec.ref());
        boolean customSplit = s.splitFile().isPresent();
        out.printf("  %-6s %9s %9s%n", "split", "clips", "official");
        for (Split split : Split.values()) {
            Integer o = customSplit ? null : official.get(split);
            String remark = o == null ? "" : counts.get(split) < o ? "  smaller copy (" + (o - counts.get(split)) + " fewer; reported, not refused)"
                    : counts.get(split) > o ? "  LARGER than official (+" + (counts.get(split) - o) + ")" : "  = official";
            out.printf("  %-6s %9d %9s%s%n", split.id(), counts.get(split), o == null ? "-" : o.toString(), remark);
        }
        if (task.folds() > 0) {
            out.println("  folds: " + task.folds());
        }
        if (!noClasses) {
            classTable(out, spec, task.clips());
        }
        LayoutReport r = task.report();
        r.notes().forEach((k, v) -> out.println("  note: " + k + ": " + v));
        r.warnings().forEach(w -> out.println("  warning: " + w));
        out.println("  missing (listed in metadata, absent on disk): " + r.missing().size()
                + (r.skipped() && !r.missing().isEmpty() ? " (skipped as asked)" : ""));
        r.missing().stream().limit(list).forEach(m -> out.println("    " + m.file() + "   listed in " + m.listedIn()));
        more(out, r.missing().size());
        List<Path> unreadable = unreadable(task.clips(), err);
        out.println("  unreadable (empty or not readable): " + unreadable.size()
                + (s.skipBadFiles() && !unreadable.isEmpty() ? " (skipped as asked)" : ""));
        unreadable.stream().limit(list).forEach(p -> out.println("    " + p));
        more(out, unreadable.size());
        out.println("  unexpected (audio files no metadata lists): " + r.unexpected().size());
        r.unexpected().stream().limit(list).forEach(p -> out.println("    " + p));
        more(out, r.unexpected().size());
        boolean ok = !r.hasErrors() && (unreadable.isEmpty() || s.skipBadFiles());
        out.println(ok ? "  OK" : "  FAIL: layout errors (see above)");
        return ok;
    }

    private void more(PrintWriter out, int n) {
        if (n > list) {
            out.println("    ... and " + (n - list) + " more");
        }
    }

    private static void classTable(PrintWriter out, TaskSpec spec, List<Clip> clips) {
        List<LabelSpace> spaces = spec.labelSpaces();
        for (int slot = 0; slot < spaces.size(); slot++) {
            LabelSpace space = spaces.get(slot);
            List<Map<Split, Integer>> perClass = new ArrayList<>();
            for (int c = 0; c < space.size(); c++) {
                perClass.add(new EnumMap<>(Split.class));
            }
            for (Clip clip : clips) {
                for (int c : classes(clip.labels(), slot)) {
                    perClass.get(c).merge(clip.split(), 1, Integer::sum);
                }
            }
            out.printf("  %-32s %8s %8s %8s%n", space.name(), "train", "valid", "test");
            for (int c = 0; c < space.size(); c++) {
                Map<Split, Integer> m = perClass.get(c);
                out.printf("  %-32s %8d %8d %8d%n", space.classes().get(c), m.getOrDefault(Split.TRAIN, 0),
                        m.getOrDefault(Split.VALID, 0), m.getOrDefault(Split.TEST, 0));
            }
        }
    }

    private static int[] classes(Labels labels, int slot) {
        if (labels instanceof Labels.Single s) {
            return new int[] {s.index()};
        }
        if (labels instanceof Labels.Multi m) {
            return m.indices();
        }
        return new int[] {((Labels.Slots) labels).indices()[slot]};
    }

    /** Distinct clip files that are empty or cannot be read; progress on stderr for large copies. */
    private static List<Path> unreadable(List<Clip> clips, PrintWriter err) {
        long total = clips.stream().map(Clip::file).distinct().count();
        long start = System.nanoTime();
        long[] lastReport = {start};
        return List.copyOf(ClipFiles.unreadable(clips, done -> {
            long now = System.nanoTime();
            if (now - lastReport[0] > 2_000_000_000L) {
                double rate = done / ((now - start) / 1e9);
                err.printf("  checking files: %d/%d (%.0f files/s, ETA %.0f s)%n", done, total, rate, (total - done) / rate);
                err.flush();
                lastReport[0] = now;
            }
        }).keySet());
    }
}
