package org.hares.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the per-input outputs of {@code embed} and {@code features} go: beside each input, or in
 * {@code --out}. When two inputs would write the same file there ({@code a/X.wav}, {@code b/X.wav}),
 * every output keeps its input's folder relative to the inputs' common folder
 * ({@code OUT/a/X...}, {@code OUT/b/X...}), so no output is silently overwritten.
 */
final class OutputPaths {

    private OutputPaths() {}

    /**
     * Input → output, in input order (an input given twice is written once).
     *
     * @param out    the output folder; null for beside each input
     * @param suffix what replaces the input's extension ({@code .embedding.npy})
     * @throws IllegalArgumentException if two inputs would still write the same file (same folder, same stem)
     */
    static Map<Path, Path> plan(List<Path> inputs, Path out, String suffix) {
        Map<Path, Path> flat = plan(inputs, input -> (out != null ? out : parent(input)).resolve(stem(input) + suffix));
        if (out == null || !collides(flat)) {
            return refuseCollisions(flat);
        }
        Path common = null;
        for (Path input : flat.keySet()) {
            common = common == null ? parent(input) : commonAncestor(common, parent(input));
        }
        Path root = common;
        return refuseCollisions(plan(inputs, input -> out.resolve(root.relativize(parent(input))).resolve(stem(input) + suffix)));
    }

    private static Map<Path, Path> plan(List<Path> inputs, java.util.function.Function<Path, Path> target) {
        Map<Path, Path> plan = new LinkedHashMap<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path input : inputs) {
            if (seen.putIfAbsent(absolute(input), input) == null) {
                plan.put(input, target.apply(input));
            }
        }
        return plan;
    }

    private static boolean collides(Map<Path, Path> plan) {
        return plan.values().stream().map(OutputPaths::absolute).distinct().count() < plan.size();
    }

    private static Map<Path, Path> refuseCollisions(Map<Path, Path> plan) {
        Map<Path, Path> writer = new HashMap<>();
        for (Map.Entry<Path, Path> e : plan.entrySet()) {
            Path other = writer.putIfAbsent(absolute(e.getValue()), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + e.getKey() + " would both write " + e.getValue()
                        + " (same folder, same name but for the extension); rename one or convert them separately");
            }
        }
        return plan;
    }

    private static Path commonAncestor(Path a, Path b) {
        Path p = a;
        while (!b.startsWith(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static Path parent(Path input) {
        return absolute(input).getParent();
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static String stem(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
