package org.hares.model.weights;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hares.io.NpyArray;
import org.hares.io.NpyDtype;
import org.hares.io.Npz;

/**
 * Haiku-style checkpoints: an {@code .npz} whose entries are the parameters' Haiku keys
 * ({@code module/path/param}) in Haiku layouts, as {@code np.savez(path, **params)} writes a flattened
 * Haiku params dict. Importing checks every key and shape first and refuses the whole file with
 * one {@link CheckpointMismatchException} when anything differs.
 */
public final class HaikuCheckpoint {

    private static final int LISTED = 5;
    /** Dtypes a checkpoint may use: floats (float64 is rounded), and integers whose every value is an exact float32. */
    private static final Set<NpyDtype> NUMERIC = java.util.EnumSet.complementOf(java.util.EnumSet.of(NpyDtype.BOOL));

    private HaikuCheckpoint() {}

    /** Reads an {@code .npz} and checks it against the model's parameters; no parameter is touched. */
    public static Map<String, NpyArray> readChecked(Path npz, HaikuModule model, String modelName) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        check(arrays, model.haikuParameters(), npz, modelName);
        return arrays;
    }

    /**
     * Throws unless {@code arrays} holds exactly the expected keys with the expected shapes, in a
     * numeric dtype that converts to float32 (integers only exactly), and only finite values.
     */
    public static void check(Map<String, NpyArray> arrays, List<HaikuParameter> expected, Path source, String modelName) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        Set<String> expectedKeys = new java.util.HashSet<>();
        for (HaikuParameter p : expected) {
            expectedKeys.add(p.key());
            NpyArray a = arrays.get(p.key());
            if (a == null) {
                missing.add(p.key() + " " + Arrays.toString(p.haikuShape()));
            } else if (!Arrays.equals(a.shape(), p.haikuShape()) || !NUMERIC.contains(a.dtype())) {
                misShaped.add(p.key() + " (expected " + Arrays.toString(p.haikuShape()) + " float32, found "
                        + Arrays.toString(a.shape()) + " " + a.dtype().name().toLowerCase() + ")");
            }
        }
        List<String> unexpected = arrays.keySet().stream().filter(k -> !expectedKeys.contains(k)).toList();
        if (missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty()) {
            checkValues(arrays, source);
            return;
        }
        StringBuilder m = new StringBuilder("checkpoint ").append(source).append(" does not match model ")
                .append(modelName).append(" (").append(expected.size()).append(" arrays expected, ")
                .append(arrays.size()).append(" found):");
        append(m, missing, "missing");
        append(m, unexpected, "unexpected");
        append(m, misShaped, "with the wrong shape or dtype");
        throw new CheckpointMismatchException(m.toString());
    }

    /**
     * Throws unless every array converts exactly to float32 (float64 rounds) and holds only finite
     * values; the message names each offending key and how many of its values are NaN or infinite.
     */
    public static void checkValues(Map<String, NpyArray> arrays, Path source) {
        List<String> inexact = new ArrayList<>();
        List<String> nonFinite = new ArrayList<>();
        long nonFiniteValues = 0;
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            NpyArray a = e.getValue();
            if (a.dtype() != NpyDtype.FLOAT16 && a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
                try {
                    a.toFloats();
                } catch (ArithmeticException ex) {
                    inexact.add(e.getKey() + " (" + ex.getMessage() + ")");
                }
            }
            long bad = a.nonFiniteCount();
            if (bad > 0) {
                nonFinite.add(e.getKey() + " (" + bad + " of " + a.size() + " values)");
                nonFiniteValues += bad;
            }
        }
        if (inexact.isEmpty() && nonFinite.isEmpty()) {
            return;
        }
        StringBuilder m = new StringBuilder("checkpoint ").append(source).append(" refused:");
        append(m, inexact, "integer array(s) not exactly representable as float32");
        if (!nonFinite.isEmpty()) {
            m.append(" ").append(nonFiniteValues).append(" NaN or infinite value(s), expected finite weights;");
        }
        append(m, nonFinite, "array(s) holding them");
        throw new CheckpointMismatchException(m.toString());
    }

    private static void append(StringBuilder m, List<String> keys, String what) {
        if (keys.isEmpty()) {
            return;
        }
        m.append(' ').append(keys.size()).append(' ').append(what).append(": ")
                .append(keys.stream().limit(LISTED).collect(Collectors.joining(", ")));
        if (keys.size() > LISTED) {
            m.append(", … (").append(keys.size() - LISTED).append(" more)");
        }
        m.append(';');
    }

    /** Copies checked arrays into the (initialised) parameters, converting Haiku layouts to DJL's. */
    public static void copyInto(List<HaikuParameter> parameters, Map<String, NpyArray> arrays) {
        for (HaikuParameter p : parameters) {
            NpyArray a = arrays.get(p.key());
            float[] djl = p.kind().toDjl(a.toFloats(), a.shape());
            NDArray target = p.parameter().getArray();
            target.set(djl);
        }
    }

    /** The parameters in Haiku keys and layouts, float32, in creation order. */
    public static Map<String, NpyArray> export(HaikuModule model) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (HaikuParameter p : model.haikuParameters()) {
            long[] shape = p.haikuShape();
            float[] haiku = p.kind().toHaiku(p.parameter().getArray().toFloatArray(), shape);
            out.put(p.key(), shape.length == 0 ? NpyArray.scalar(haiku[0]) : NpyArray.ofFloats(haiku, shape));
        }
        return out;
    }

    /** Writes the model as a Haiku-style {@code .npz} (atomically). */
    public static void write(HaikuModule model, Path npz) {
        Npz.write(npz, export(model));
    }

    /**
     * {@code sha256:<hex>} of the weights: over the parameters in creation order, each key's UTF-8
     * bytes, a NUL, and its values as little-endian float32 in Haiku layout. The same weights give
     * the same fingerprint whichever file format carried them.
     */
    public static String fingerprint(List<HaikuParameter> order, Map<String, NpyArray> haikuArrays) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (HaikuParameter p : order) {
                sha.update(p.key().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                NpyArray a = haikuArrays.get(p.key());
                if (a.dtype() == NpyDtype.FLOAT32) {
                    sha.update(a.data());
                } else {
                    float[] f = a.toFloats();
                    ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(f);
                    sha.update(b);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
