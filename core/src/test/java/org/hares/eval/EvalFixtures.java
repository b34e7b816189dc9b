package org.hares.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hares.io.NpyArray;
import org.hares.io.Npz;

/** The committed fixtures under {@code src/test/resources/eval/} (made by the scripts beside them). */
public final class EvalFixtures {

    private EvalFixtures() {}

    public static Path file(String name) {
        try {
            return Path.of(EvalFixtures.class.getResource("/eval/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource eval/" + name, e);
        }
    }

    public static Map<String, NpyArray> npz(String name) {
        return Npz.read(file(name));
    }

    public static JsonObject json(String name) {
        try {
            return JsonParser.parseString(Files.readString(file(name))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
