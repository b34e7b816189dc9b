package org.hares.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The reference files of {@code shared/golden}, copied into the test resources (see golden/README.md there). */
public final class Golden {

    private Golden() {}

    public static Path file(String name) {
        URL url = Golden.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalStateException("golden file missing from test resources: " + name);
        }
        if ("jar".equals(url.getProtocol())) {
            return extracted(name, url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Other modules see the golden files inside core's test-jar: copy them out once per JVM. */
    private static synchronized Path extracted(String name, URL url) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "hares-golden-" + ProcessHandle.current().pid());
            Path target = dir.resolve(name);
            if (!Files.exists(target)) {
                Files.createDirectories(dir);
                dir.toFile().deleteOnExit();
                try (InputStream in = url.openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
