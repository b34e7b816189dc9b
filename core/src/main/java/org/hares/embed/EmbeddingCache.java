package org.hares.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.hares.data.Clip;
import org.hares.io.AtomicFiles;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.io.Npz;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Embeddings on disk, one {@code .npz} per clip in a folder per (model fingerprint, front end, task
 * variant, window plan). An entry is named after the clip's path relative to the dataset root (with
 * its id and segment), so a dataset moved or cloned elsewhere finds its entries, and holds:
 * {@code embeddings} (windows × D) float32, {@code starts} int64 window start samples, {@code crc32}
 * of the embedding bytes, and the audio file it was computed from: {@code source_size},
 * {@code source_sha256} (4 × int64) and {@code source_times} (modification and status-change time,
 * ns). An entry counts only while the audio file has that size and those bytes; the two times are a
 * shortcut that skips re-hashing a file nobody touched (writing a file, even with its modification
 * time set back, changes its status-change time). Files are written atomically by any thread; a
 * missing, truncated, corrupt, non-finite or stale entry is treated as absent and recomputed, so a
 * killed run resumes where it stopped. Entries never hold NaN or infinity: writing one is refused.
 * {@code ready.json} records every split completed in the folder (test and validation windows share
 * one).
 */
public final class EmbeddingCache {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
    /** Part of every entry's name: entries of an older layout are simply not found. */
    private static final String LAYOUT = "v2";

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
     * The entries of one split. Every entry of {@code key} (model fingerprint, front end, task variant,
     * window plan) goes into the folder's name hash and its {@code key.json}; splits with the same key
     * (test and validation windows) share the folder.
     *
     * @param datasetRoot the folder clip paths are taken relative to
     * @param splitName   the split's name in {@code ready.json} ({@code train}, {@code test}, ...)
     */
    public Split split(String modelName, String taskFolder, String role, Map<String, String> key, Path datasetRoot,
            String splitName) {
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
        return new Split(dir, datasetRoot.toAbsolutePath().normalize(), splitName);
    }

    /**
     * The folder of a task's windows for a model, keyed by everything that decides the embeddings: the model's
     * fingerprint, the task variant, the window role, length and plan.
     */
    public Split forWindows(EmbeddingModel model, org.hares.data.TaskSpec spec, AudioWindower windower, Path datasetRoot,
            String splitName) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("model", model.fingerprint());
        key.put("task", spec.ref().toString());
        key.put("role", windower.role().name());
        key.put("window_samples", Integer.toString(windower.windowLength()));
        key.put("windowing", windower.plan());
        return split(model.name(), spec.ref().id() + "-" + spec.ref().variant(),
                windower.role() == AudioWindower.Role.EVAL ? "eval" : "train-crops", key, datasetRoot, splitName);
    }

    /**
     * The entries of one split.
     *
     * @param dir         its folder
     * @param datasetRoot the folder clip paths are taken relative to
     * @param name        the split's name in {@code ready.json}
     */
    public record Split(Path dir, Path datasetRoot, String name) {

        /** An entry as read back. */
        public record Entry(float[] embeddings, int windows, long[] starts) {}

        /** The entry's file: named by the clip's path relative to the dataset root, its id and its segment. */
        public Path file(Clip clip) {
            return dir.resolve(sha256(LAYOUT + "\u0000" + relative(clip.file()) + "\u0000" + clip.id() + "\u0000"
                    + clip.segment()).substring(0, 24) + ".npz");
        }

        /** {@code file} relative to the dataset root, '/'-separated; a file outside it keeps its absolute path. */
        String relative(Path file) {
            Path abs = file.toAbsolutePath().normalize();
            Path rel = abs.startsWith(datasetRoot) ? datasetRoot.relativize(abs) : abs;
            return rel.toString().replace(java.io.File.separatorChar, '/');
        }

        /**
         * The cached windows of a clip, or empty when absent, truncated, corrupt, non-finite, of another
         * dimension, or computed from other audio bytes than the clip's file holds now.
         */
        public Optional<Entry> read(Clip clip, int dim) {
            Path file = file(clip);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Map<String, NpyArray> npz;
            try {
                npz = Npz.read(file);
            } catch (NpyFormatException | UncheckedIOException e) {
                LOG.warn("{}: unreadable cache entry ({}); recomputing", file, e.getMessage());
                return Optional.empty();
            }
            NpyArray emb = npz.get("embeddings");
            NpyArray starts = npz.get("starts");
            NpyArray crc = npz.get("crc32");
            NpyArray size = npz.get("source_size");
            NpyArray sha = npz.get("source_sha256");
            NpyArray times = npz.get("source_times");
            if (emb == null || starts == null || crc == null || size == null || sha == null || times == null
                    || emb.rank() != 2 || emb.shape()[1] != dim || starts.size() != emb.shape()[0] || sha.size() != 4
                    || times.size() != 2) {
                LOG.warn("{}: cache entry has the wrong layout (expected windows × {} and its source); recomputing", file, dim);
                return Optional.empty();
            }
            if (crc.toLongs()[0] != crc32(emb)) {
                LOG.warn("{}: cache entry fails its checksum; recomputing", file);
                return Optional.empty();
            }
            float[] values = emb.toFloats();
            int nonFinite = nonFinite(values);
            if (nonFinite > 0) {
                LOG.warn("{}: cache entry holds {} NaN or infinite value(s); recomputing", file, nonFinite);
                return Optional.empty();
            }
            Optional<Source> now = Source.stat(clip.file());
            if (now.isEmpty() || now.get().size() != size.toLongs()[0]) {
                return Optional.empty();
            }
            long[] stored = times.toLongs();
            if (now.get().modified() != stored[0] || now.get().changed() != stored[1] || now.get().changed() == Source.UNKNOWN) {
                Optional<long[]> digest = Source.sha256(clip.file());
                if (digest.isEmpty() || !Arrays.equals(digest.get(), sha.toLongs())) {
                    return Optional.empty();
                }
                // same bytes, touched or moved: remember the new times so the next run skips the hash
                write(file, emb, starts, now.get(), digest.get());
            }
            return Optional.of(new Entry(values, (int) emb.shape()[0], starts.toLongs()));
        }

        /**
         * Stores a clip's windows with the size and hash of its audio file (a file that vanished since it
         * was decoded is not cached). Refuses NaN and infinity: the cache never holds them.
         */
        public void write(Clip clip, float[] embeddings, int windows, long[] starts) {
            int nonFinite = nonFinite(embeddings);
            if (nonFinite > 0) {
                throw new IllegalStateException(clip.file() + " (clip " + clip.id() + "): refusing to cache an embedding with "
                        + nonFinite + " NaN or infinite value(s)");
            }
            Optional<Source> source = Source.stat(clip.file());
            Optional<long[]> digest = source.isEmpty() ? Optional.empty() : Source.sha256(clip.file());
            if (digest.isEmpty()) {
                // a file read through a temporary copy (Spark) or removed since it was decoded: nothing to key it by
                LOG.debug("{}: audio file not readable here; its embedding is not cached", clip.file());
                return;
            }
            write(file(clip), NpyArray.ofFloats(embeddings, windows, embeddings.length / windows), NpyArray.ofLongs(starts),
                    source.get(), digest.get());
        }

        private static void write(Path file, NpyArray emb, NpyArray starts, Source source, long[] digest) {
            Map<String, NpyArray> npz = new LinkedHashMap<>();
            npz.put("embeddings", emb);
            npz.put("starts", starts);
            npz.put("crc32", NpyArray.ofLongs(new long[] {crc32(emb)}));
            npz.put("source_size", NpyArray.ofLongs(new long[] {source.size()}));
            npz.put("source_sha256", NpyArray.ofLongs(digest));
            npz.put("source_times", NpyArray.ofLongs(new long[] {source.modified(), source.changed()}));
            Npz.write(file, npz);
        }

        /** Whether {@code ready.json} records this split as completed. */
        public boolean isReady() {
            return readyEntries().containsKey(name);
        }

        /** Records this split as completed in {@code ready.json}, beside the other splits it already lists. */
        public void markReady(int clips, int bad) {
            synchronized (Split.class) {
                Map<String, Map<String, Object>> splits = new TreeMap<>(readyEntries());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("clips", clips);
                entry.put("bad", bad);
                entry.put("dataset_root", datasetRoot.toString());
                entry.put("completed", Instant.now().toString());
                splits.put(name, entry);
                StringBuilder json = new StringBuilder("{\n  \"splits\": {\n");
                int i = 0;
                for (Map.Entry<String, Map<String, Object>> s : splits.entrySet()) {
                    json.append("    \"").append(escape(s.getKey())).append("\": {");
                    int j = 0;
                    for (Map.Entry<String, Object> f : s.getValue().entrySet()) {
                        json.append(j++ > 0 ? ", " : "").append('"').append(escape(f.getKey())).append("\": ");
                        json.append(f.getValue() instanceof Number ? f.getValue().toString()
                                : "\"" + escape(String.valueOf(f.getValue())) + "\"");
                    }
                    json.append(++i < splits.size() ? "},\n" : "}\n");
                }
                AtomicFiles.writeString(dir.resolve("ready.json"), json.append("  }\n}\n").toString());
            }
        }

        /** The splits {@code ready.json} lists, each with its fields; empty when there is none or it is unreadable. */
        public Map<String, Map<String, Object>> readyEntries() {
            Path ready = dir.resolve("ready.json");
            String text;
            try {
                text = Files.readString(ready);
            } catch (NoSuchFileException e) {
                return Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ready, e);
            }
            Map<String, Map<String, Object>> out = new TreeMap<>();
            try {
                // JSON is YAML: the YAML reader hares already uses parses it
                if (new Load(LoadSettings.builder().build()).loadFromString(text) instanceof Map<?, ?> doc
                        && doc.get("splits") instanceof Map<?, ?> splits) {
                    splits.forEach((k, v) -> {
                        if (v instanceof Map<?, ?> fields) {
                            Map<String, Object> f = new LinkedHashMap<>();
                            fields.forEach((fk, fv) -> f.put(String.valueOf(fk), fv));
                            out.put(String.valueOf(k), f);
                        }
                    });
                }
            } catch (YamlEngineException e) {
                LOG.warn("{}: unreadable ({}); the splits it listed are embedded again", ready, e.getMessage());
            }
            return out;
        }
    }

    /**
     * What identifies the bytes of an audio file without reading them: its size, modification time and
     * status-change time (ns; {@link #UNKNOWN} where the file system does not tell).
     */
    private record Source(long size, long modified, long changed) {

        static final long UNKNOWN = Long.MIN_VALUE;

        static Optional<Source> stat(Path file) {
            try {
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime");
                } catch (UnsupportedOperationException e) {
                    a = Files.readAttributes(file, "size,lastModifiedTime");
                }
                Object ctime = a.get("ctime");
                return Optional.of(new Source((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                        ctime == null ? UNKNOWN : nanos((FileTime) ctime)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        static Optional<long[]> sha256(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
                ByteBuffer digest = ByteBuffer.wrap(md.digest());
                return Optional.of(new long[] {digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong()});
            } catch (IOException e) {
                return Optional.empty();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static long nanos(FileTime t) {
            return t.to(TimeUnit.NANOSECONDS);
        }
    }

    private static int nonFinite(float[] values) {
        int n = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                n++;
            }
        }
        return n;
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
