package org.hares.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hares.io.AtomicFiles;
import org.hares.io.NpyArray;
import org.hares.io.Npz;

/**
 * The folder of a run: {@code config.json} (written before step 1), {@code metrics.csv} (one row
 * per step), {@code checkpoints/step-NNNNNNNN/} and, at the end, {@code backbone.npz} and the DJL
 * format. A checkpoint folder is written under a temporary name and renamed when complete; its
 * {@code state.json} (written last) holds the SHA-256 of each file, and a checkpoint whose files
 * do not match is never loaded. The two newest complete checkpoints are kept.
 */
final class RunDirectory {

    static final String CONFIG = "config.json";
    static final String METRICS = "metrics.csv";
    static final String CHECKPOINTS = "checkpoints";
    static final String BACKBONE = "backbone.npz";
    static final String METRICS_HEADER = "step,loss,lr,clips_per_s,seconds,contrastive_top1";
    private static final String STATE = "state.json";
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{8})");
    private static final int KEEP = 2;
    private static final List<String> FILES = List.of("params.npz", "optimiser.npz");

    /** A complete checkpoint as read back. */
    record Checkpoint(int step, Path dir, Map<String, NpyArray> parameters, Map<String, NpyArray> optimiser,
            List<String> badFiles) {}

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /**
     * A new run in {@code dir} (absent or empty): writes config.json and the metrics header. A folder
     * holding this same configuration is taken as the run to continue; any other non-empty folder is refused.
     */
    static RunDirectory start(Path dir, PretrainConfig config) {
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            Path existing = dir.resolve(CONFIG);
            if (!Files.isRegularFile(existing)) {
                throw new IllegalArgumentException("--out " + dir + " is not empty and holds no pretraining run ("
                        + CONFIG + " absent); choose an empty or new folder");
            }
            if (!readConfig(dir).toJson().equals(config.toJson())) {
                throw new IllegalArgumentException("--out " + dir + " holds another run (its " + CONFIG
                        + " differs); continue it with 'hares pretrain --resume " + dir + "' or choose a new folder");
            }
            return new RunDirectory(dir);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        RunDirectory run = new RunDirectory(dir);
        AtomicFiles.writeString(dir.resolve(CONFIG), config.toJson());
        AtomicFiles.writeString(dir.resolve(METRICS), METRICS_HEADER + "\n");
        return run;
    }

    /** An existing run, for {@code --resume}. */
    static RunDirectory existing(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException("--resume " + dir + ": no " + CONFIG + " there (not a pretraining run)");
        }
        RunDirectory run = new RunDirectory(dir);
        if (!Files.isRegularFile(dir.resolve(METRICS))) {
            AtomicFiles.writeString(dir.resolve(METRICS), METRICS_HEADER + "\n");
        }
        return run;
    }

    static PretrainConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        try {
            return PretrainConfig.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the metrics rows of steps up to {@code step} (those after it are recomputed on resume). */
    void truncateMetrics(int step) {
        Path file = dir.resolve(METRICS);
        try {
            List<String> kept = new ArrayList<>();
            kept.add(METRICS_HEADER);
            for (String line : Files.readAllLines(file)) {
                if (isRow(line) && Integer.parseInt(line.substring(0, line.indexOf(','))) <= step) {
                    kept.add(line);
                }
            }
            AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRow(String line) {
        // a row cut short by a kill has fewer fields; it is dropped and recomputed
        int comma = line.indexOf(',');
        return comma > 0 && line.split(",", -1).length == METRICS_HEADER.split(",").length
                && line.substring(0, comma).chars().allMatch(Character::isDigit);
    }

    void appendMetrics(String row) {
        try {
            Files.writeString(dir.resolve(METRICS), row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(METRICS) + ": " + e.getMessage(), e);
        }
    }

    /** Writes a complete checkpoint of {@code step} (temporary folder, then one rename) and drops older ones. */
    Path writeCheckpoint(int step, Map<String, NpyArray> parameters, Map<String, NpyArray> optimiser,
            long dataPosition, long seed, List<String> badFiles) {
        Path root = dir.resolve(CHECKPOINTS);
        Path target = root.resolve(String.format("step-%08d", step));
        Path tmp = root.resolve(".tmp-" + target.getFileName());
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Npz.write(tmp.resolve("params.npz"), parameters);
            Npz.write(tmp.resolve("optimiser.npz"), optimiser);
            Map<String, Object> state = new java.util.LinkedHashMap<>();
            state.put("step", step);
            state.put("data_position", dataPosition);
            state.put("seed", seed);
            state.put("random_streams", "stateless: data order (seed, epoch), crops (seed, position), "
                    + "mixing (seed, step) and stochastic depth (seed, step, micro-batch) are functions of the step, "
                    + "so the step restores every generator");
            state.put("bad_files", badFiles);
            for (String name : FILES) {
                state.put("sha256:" + name, sha256(tmp.resolve(name)));
            }
            AtomicFiles.writeString(tmp.resolve(STATE), FlatJson.write(state));
            deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            List<Path> complete = stepDirs();
            for (int i = 0; i < complete.size() - KEEP; i++) {
                deleteTree(complete.get(i));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint whose state.json exists and whose files match their recorded SHA-256. */
    Optional<Checkpoint> latestCheckpoint() {
        List<Path> dirs = stepDirs();
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Optional<Checkpoint> c = read(dirs.get(i));
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static Optional<Checkpoint> read(Path d) {
        try {
            Path stateFile = d.resolve(STATE);
            if (!Files.isRegularFile(stateFile)) {
                return Optional.empty();
            }
            Map<String, Object> state = FlatJson.read(Files.readString(stateFile));
            for (String name : FILES) {
                Path f = d.resolve(name);
                if (!Files.isRegularFile(f) || !sha256(f).equals(state.get("sha256:" + name))) {
                    return Optional.empty();
                }
            }
            @SuppressWarnings("unchecked")
            List<String> bad = (List<String>) state.get("bad_files");
            return Optional.of(new Checkpoint(Math.toIntExact((Long) state.get("step")), d, Npz.read(d.resolve("params.npz")),
                    Npz.read(d.resolve("optimiser.npz")), bad));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private List<Path> stepDirs() {
        Path root = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    static int stepOf(Path checkpointDir) {
        Matcher m = STEP_DIR.matcher(checkpointDir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static NpyArray toNpy(NDArray a) {
        float[] values = a.toFloatArray();
        long[] shape = a.getShape().getShape();
        return shape.length == 0 ? NpyArray.scalar(values[0]) : NpyArray.ofFloats(values, shape);
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int r; (r = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, r);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
