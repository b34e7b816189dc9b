package org.hares.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hares.io.NpyArray;
import org.hares.io.Npz;

/** The models and expected outputs {@code onnx/onnx_check.py} wrote, copied out of the test resources (also from the test-jar). */
public final class OnnxFixtures {

    private OnnxFixtures() {}

    /** Copies resource {@code onnx/NAME} into {@code dir}; returns the copy. */
    public static Path copy(String name, Path dir) {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream("/onnx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource onnx/" + name);
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inputs and torch's outputs: {@code logmel}, {@code logmel_out}, {@code logmel_long}, {@code logmel_long_out}, {@code wave}, {@code wave_out}. */
    public static Map<String, NpyArray> expected(Path dir) {
        return Npz.read(copy("onnx_expected.npz", dir));
    }
}
