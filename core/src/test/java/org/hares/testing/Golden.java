package org.hares.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The reference files of {@code shared/golden}, copied into the test resources (see golden/README.md there). */
public final class Golden {

    private Golden() {}

    public static Path file(String name) {
        URL url = Golden.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalStateException("golden file missing from test resources: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
