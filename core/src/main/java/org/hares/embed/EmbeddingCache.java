package org.hares.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.hares.data.Clip;
import org.hares.io.AtomicFiles;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.io.Npz;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings on disk, one {@code .npz} per clip (entries {@code embeddings} (windows × D) float32,
 * {@code starts} int64 window start samples, {@code crc32} of the embedding bytes), in a folder per
 * (model fingerprint, front end, task variant, window plan). Files are written atomically by any
 * thread; a missing, truncated or corrupt entry is detected on read and recomputed, so a killed run
 * resumes where it stopped. A {@code ready.json} marker records a completed split.
 */
public final class EmbeddingCache {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);

    /** The default cache folder: {@code $HARES_CACHE}, else {@code ~/.cache/hares/embeddings}. */
    public static Path defaultRoot() {
        String env = System.getenv("HARES_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "hares", "embeddings");
    }

    private final Path root;

    public EmbeddingCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * The folder of one split's windows. Every entry of {@code key} (model fingerprint, front end,
     * task variant, window plan) goes into the folder's name hash and its {@code key.json}.
     */
    public Split split(String modelName, String taskFolder, String role, Map<String, String> key) {
        Map<String, String> sorted = new TreeMap<>(key);
        String hash = sha256(sorted.toString()).substring(0, 16);
        Path dir = root.resolve(sanitize(modelName)).resolve(sanitize(taskFolder)).resolve(role + "-" + hash);
        Path keyFile = dir.resolve("key.json");
        if (!Files.exists(keyFile)) {
            StringBuilder json = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                json.append("  \"").append(escape(e.getKey())).append("\": \"").append(escape(e.getValue())).append('"')
                        .append(++i < sorted.size() ? ",\n" : "\n");
            }
            AtomicFiles.writeString(keyFile, json.append("}\n").toString());
        }
        return new Split(dir);
    }

    /**
     * The folder of a task's windows for a model, keyed by everything that decides the embeddings: the model's
     * fingerprint, the task variant, the window role, length and plan.
     */
    public Split forWindows(EmbeddingModel model, org.hares.data.TaskSpec spec, AudioWindower windower) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("model", model.fingerprint());
        key.put("task", spec.ref().toString());
        key.put("role", windower.role().name());
        key.put("window_samples", Integer.toString(windower.windowLength()));
        key.put("windowing", windower.plan());
        return split(model.name(), spec.ref().id() + "-" + spec.ref().variant(),
                windower.role() == AudioWindower.Role.EVAL ? "eval" : "train-crops", key);
    }

    /**
     * The entries of one split.
     *
     * @param dir its folder
     */
    public record Split(Path dir) {

        /** An entry as read back. */
        public record Entry(float[] embeddings, int windows, long[] starts) {}

        public Path file(Clip clip) {
            return dir.resolve(sha256(clip.id() + "\u0000" + clip.file() + "\u0000" + clip.segment()).substring(0, 24) + ".npz");
        }

        /** The cached windows of a clip, or empty when absent, truncated, corrupt or of another dimension. */
        public Optional<Entry> read(Clip clip, int dim) {
            Path file = file(clip);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try {
                Map<String, NpyArray> npz = Npz.read(file);
                NpyArray emb = npz.get("embeddings");
                NpyArray starts = npz.get("starts");
                NpyArray crc = npz.get("crc32");
                if (emb == null || starts == null || crc == null || emb.rank() != 2 || emb.shape()[1] != dim
                        || starts.size() != emb.shape()[0]) {
                    LOG.warn("{}: cache entry has the wrong layout (expected windows × {}); recomputing", file, dim);
                    return Optional.empty();
                }
                if (crc.toLongs()[0] != crc32(emb)) {
                    LOG.warn("{}: cache entry fails its checksum; recomputing", file);
                    return Optional.empty();
                }
                return Optional.of(new Entry(emb.toFloats(), (int) emb.shape()[0], starts.toLongs()));
            } catch (NpyFormatException e) {
                LOG.warn("{}: unreadable cache entry ({}); recomputing", file, e.getMessage());
                return Optional.empty();
            }
        }

        public void write(Clip clip, float[] embeddings, int windows, long[] starts) {
            NpyArray emb = NpyArray.ofFloats(embeddings, windows, embeddings.length / windows);
            Map<String, NpyArray> npz = new LinkedHashMap<>();
            npz.put("embeddings", emb);
            npz.put("starts", NpyArray.ofLongs(starts));
            npz.put("crc32", NpyArray.ofLongs(new long[] {crc32(emb)}));
            Npz.write(file(clip), npz);
        }

        public boolean isReady() {
            return Files.exists(dir.resolve("ready.json"));
        }

        public void markReady(int clips, int bad) {
            AtomicFiles.writeString(dir.resolve("ready.json"),
                    "{\"clips\": " + clips + ", \"bad\": " + bad + "}\n");
        }

        public void clearReady() {
            try {
                Files.deleteIfExists(dir.resolve("ready.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static long crc32(NpyArray array) {
        CRC32 crc = new CRC32();
        ByteBuffer data = array.data();
        crc.update(data);
        return crc.getValue();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
