package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.hares.data.DatasetLayoutException;
import org.hares.data.Split;

/**
 * Splits for datasets without an official one (Birdsong, TUT18; tasks.md decision 2): the user's
 * split file, or the seeded stratified clip-level fallback.
 */
final class SplitAssignment {

    private SplitAssignment() {
    }

    /**
     * Reads a user split file: CSV with header {@code file,split}, file relative to the dataset
     * root, split train, valid or test. Every file must be a clip of the dataset ({@code known}).
     */
    static Map<String, Split> readSplitFile(Path file, java.util.Set<String> known) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DatasetLayoutException(file, "split file not found (expected a CSV with header 'file,split')");
        }
        Map<String, Split> splits = new HashMap<>();
        Csv.read(file, Csv.COMMA, List.of("file", "split"), row -> {
            String f = row.get("file").replace('\\', '/');
            Split s;
            try {
                s = Split.parse(row.get("split"));
            } catch (IllegalArgumentException e) {
                throw row.error("unknown split '" + row.get("split") + "' (expected train, valid or test)");
            }
            if (!known.contains(f)) {
                throw row.error("'" + f + "' is not a clip of this dataset (paths are relative to the dataset root)");
            }
            if (splits.put(f, s) != null) {
                throw row.error("duplicate file '" + f + "'");
            }
        });
        return splits;
    }

    /**
     * Seeded stratified split: per class (in class order), items sorted by key, shuffled with
     * {@code java.util.Random(seed)} ({@link Collections#shuffle}'s algorithm is specified, so the
     * split is the same on every JVM), the first {@code round(fraction·n)} to train, the rest to test.
     */
    static <T> Map<T, Split> stratified(List<T> items, Function<T, Integer> classOf, Function<T, String> key,
                                        long seed, double trainFraction) {
        Map<Integer, List<T>> byClass = new TreeMap<>();
        for (T item : items) {
            byClass.computeIfAbsent(classOf.apply(item), k -> new ArrayList<>()).add(item);
        }
        Random rng = new Random(seed);
        Map<T, Split> out = new HashMap<>();
        for (List<T> group : byClass.values()) {
            group.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
            Collections.shuffle(group, rng);
            long train = Math.round(trainFraction * group.size());
            for (int i = 0; i < group.size(); i++) {
                out.put(group.get(i), i < train ? Split.TRAIN : Split.TEST);
            }
        }
        return out;
    }
}
