package org.hares.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes numpy's {@code .npz} archives (as {@code np.savez}/{@code np.savez_compressed}
 * write them): a zip of {@code .npy} entries whose names, less the {@code .npy} suffix, are the
 * keys. Entry order is kept. Writes are atomic.
 */
public final class Npz {

    private Npz() {}

    public static Map<String, NpyArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(file, "file not found");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.read(in, file.resolve(name)));
                }
            }
        } catch (ZipException e) {
            throw new NpyFormatException(file, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NpyFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return arrays;
    }

    /** Writes an uncompressed archive (like {@code np.savez}), atomically. */
    public static void write(Path file, Map<String, NpyArray> arrays) {
        write(file, arrays, Map.of());
    }

    /**
     * Writes an uncompressed archive of numeric arrays followed by one-dimensional string arrays (numpy's
     * unicode type, see {@link Npy#writeStrings}), atomically.
     */
    public static void write(Path file, Map<String, NpyArray> arrays, Map<String, List<String>> strings) {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(0);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
            for (Map.Entry<String, List<String>> e : strings.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.writeStrings(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
