package org.hares.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.hares.audio.AudioDecodeException;

/**
 * Files addressed by URI ({@code hdfs://}, {@code s3a://}, {@code file:}, or a plain local path)
 * through Hadoop's {@link FileSystem}: audio and checkpoints are read this way on the executors,
 * and the job's output is written this way, a file complete only once renamed into place.
 */
final class HadoopFiles {

    private HadoopFiles() {}

    /** A readable local copy of a file, or the file itself when it is on the local file system. */
    record Local(java.nio.file.Path path, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a temporary copy left behind costs disk space only
                }
            }
        }
    }

    static Path path(String uri) {
        return new Path(uri);
    }

    static FileSystem fs(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": no file system for it: " + e.getMessage(), e);
        }
    }

    /**
     * The audio at {@code uri} as a local file FFmpeg can open: local files in place, others copied to a
     * temporary file (with the same extension, which FFmpeg may use to recognise the format).
     *
     * @throws AudioDecodeException naming {@code uri} when it is missing or unreadable
     */
    static Local fetch(String uri, Configuration conf) {
        return fetch(uri, conf, false);
    }

    /** @param forceCopy copy even local files (tests of the remote path) */
    static Local fetch(String uri, Configuration conf, boolean forceCopy) {
        Path p = path(uri);
        FileSystem fs = fs(p, conf);
        if (fs instanceof LocalFileSystem local && !forceCopy) {
            return new Local(local.pathToFile(p).toPath(), false);
        }
        String name = p.getName();
        int dot = name.lastIndexOf('.');
        java.nio.file.Path copy = null;
        try (InputStream in = fs.open(p)) {
            copy = Files.createTempFile("hares-audio-", dot < 0 ? "" : name.substring(dot));
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return new Local(copy, true);
        } catch (FileNotFoundException e) {
            deleteQuietly(copy);
            throw new AudioDecodeException(java.nio.file.Path.of(uri), "file not found");
        } catch (IOException e) {
            deleteQuietly(copy);
            throw new AudioDecodeException(java.nio.file.Path.of(uri), "cannot read: " + e.getMessage(), e);
        }
    }

    static boolean exists(String uri, Configuration conf) {
        Path p = path(uri);
        try {
            return fs(p, conf).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": " + e.getMessage(), e);
        }
    }

    static String readString(String uri, Configuration conf) {
        Path p = path(uri);
        try (InputStream in = fs(p, conf).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code uri} through a hidden temporary file renamed into place. */
    static void writeString(String uri, String text, Configuration conf) {
        Path target = path(uri);
        Path tmp = hiddenTemporary(target);
        FileSystem fs = fs(target, conf);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot write: " + e.getMessage(), e);
        }
        commit(tmp, target, conf);
    }

    /** A sibling name Spark's and Hadoop's readers skip (leading underscore), unique per attempt. */
    static Path hiddenTemporary(Path target) {
        return new Path(target.getParent(), "_tmp-" + UUID.randomUUID() + "-" + target.getName());
    }

    /** Moves a finished temporary file into place, replacing an earlier copy (a re-run writes the same content). */
    static void commit(Path tmp, Path target, Configuration conf) {
        FileSystem fs = fs(target, conf);
        try {
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot commit: " + e.getMessage(), e);
        }
    }

    /** Copies {@code uri} to a local file (checkpoints, TorchScript files) that lives as long as this JVM. */
    static java.nio.file.Path localCopy(String uri, Configuration conf) {
        Path p = path(uri);
        FileSystem fs = fs(p, conf);
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(p).toPath();
        }
        try (InputStream in = fs.open(p)) {
            java.nio.file.Path copy = Files.createTempFile("hares-", "-" + p.getName());
            copy.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The URI of {@code child} under {@code parent}, for output paths. */
    static String child(String parent, String child) {
        return new Path(path(parent), child).toString();
    }

    /** A plain local path made absolute; URIs unchanged. */
    static String qualify(String pathOrUri) {
        URI u = new Path(pathOrUri).toUri();
        return u.getScheme() == null ? java.nio.file.Path.of(pathOrUri).toAbsolutePath().normalize().toString() : pathOrUri;
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
