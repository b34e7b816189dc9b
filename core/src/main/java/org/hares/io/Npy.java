package org.hares.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes numpy's {@code .npy} format (versions 1.0–3.0), the format torch, numpy and
 * HEAR-style tools exchange arrays in. Writes are atomic: a temporary file beside the target is
 * renamed over it, so a killed process never leaves a partial {@code .npy} under the final name.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static NpyArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(file, "file not found");
        } catch (IOException e) {
            throw new NpyFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads one array from a stream; {@code source} only names it in error messages. */
    public static NpyArray read(InputStream in, Path source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new NpyFormatException(source, "not a .npy file (bad magic bytes)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] len = in.readNBytes(2);
            if (len.length < 2) {
                throw new NpyFormatException(source, "truncated .npy header");
            }
            headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = in.readNBytes(4);
            if (len.length < 4) {
                throw new NpyFormatException(source, "truncated .npy header");
            }
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new NpyFormatException(source, "unsupported .npy version " + major + "." + magic[7]);
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException(source, "truncated .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        NpyDtype dtype = NpyDtype.fromDescr(descr).orElseThrow(() ->
                new NpyFormatException(source, "unsupported dtype '" + descr + "' (supported: float16, float32, float64, "
                        + "int8/16/32/64, uint8, bool)"));
        boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
        long bytes = NpyArray.elementCount(shape) * dtype.itemSize();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new NpyFormatException(source, "array of " + bytes + " bytes is larger than 2 GiB; split it");
        }
        byte[] payload = in.readNBytes((int) bytes);
        if (payload.length < bytes) {
            throw new NpyFormatException(source, "truncated data: header " + Arrays.toString(shape) + " " + descr
                    + " needs " + bytes + " bytes, file has " + payload.length);
        }
        ByteBuffer data = ByteBuffer.wrap(payload);
        if (NpyDtype.isBigEndian(descr) && dtype.itemSize() > 1) {
            data = swapBytes(payload, dtype.itemSize());
        }
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape, dtype.itemSize());
        }
        return new NpyArray(dtype, shape, data);
    }

    /** Writes atomically (temporary file, then rename). */
    public static void write(Path file, NpyArray array) {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array));
        ByteBuffer data = array.data();
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] chunk = new byte[1 << 16];
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }

    static byte[] header(NpyArray array) {
        return header(array.dtype(), array.shape());
    }

    /**
     * The header (magic, version, dict) of a C-order array of this dtype and shape, for writers that
     * stream the data after it.
     */
    public static byte[] header(NpyDtype dtype, long... shape) {
        return header(dtype.descr(), shape);
    }

    /**
     * A one-dimensional array of strings as numpy's fixed-width unicode type ({@code <U<n>}, UTF-32 code
     * points, n the longest string's length), which {@code np.load} reads without pickles.
     */
    public static void writeStrings(OutputStream out, List<String> values) throws IOException {
        int width = Math.max(1, values.stream().mapToInt(v -> v.codePointCount(0, v.length())).max().orElse(1));
        out.write(header("<U" + width, values.size()));
        ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : values) {
            b.clear();
            v.codePoints().forEach(b::putInt);
            while (b.hasRemaining()) {
                b.putInt(0);
            }
            out.write(b.array());
        }
    }

    private static byte[] header(String descr, long... shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                s.append(shape.length == 1 ? "," : ", ");
            }
        }
        s.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        // header length (magic 6 + version 2 + length field 2 + dict + '\n') padded to 64 bytes
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] headerText = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + headerText.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerText.length).put(headerText);
        return b.array();
    }

    private static String group(Pattern p, String header, Path source, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(source, "malformed .npy header: no '" + key + "' in " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, Path source) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        try {
            return Arrays.stream(t.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new NpyFormatException(source, "malformed shape (" + text + ")");
        }
    }

    private static ByteBuffer swapBytes(byte[] payload, int itemSize) {
        for (int i = 0; i < payload.length; i += itemSize) {
            for (int a = i, b = i + itemSize - 1; a < b; a++, b--) {
                byte t = payload[a];
                payload[a] = payload[b];
                payload[b] = t;
            }
        }
        return ByteBuffer.wrap(payload);
    }

    private static ByteBuffer fortranToC(ByteBuffer src, long[] shape, int itemSize) {
        int rank = shape.length;
        int n = Math.toIntExact(NpyArray.elementCount(shape));
        byte[] out = new byte[n * itemSize];
        long[] fStride = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++) {
            fStride[d] = stride;
            stride *= shape[d];
        }
        long[] index = new long[rank];
        for (int c = 0; c < n; c++) {
            long f = 0;
            for (int d = 0; d < rank; d++) {
                f += index[d] * fStride[d];
            }
            src.get((int) f * itemSize, out, c * itemSize, itemSize);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return ByteBuffer.wrap(out);
    }
}
