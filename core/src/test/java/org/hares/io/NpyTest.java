package org.hares.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void readsNumpyWrittenGoldenFile() {
        NpyArray a = Npy.read(Golden.file("output_nfnet_f0_fast.npy"));
        assertThat(a.dtype()).isEqualTo(NpyDtype.FLOAT32);
        assertThat(a.shape()).containsExactly(2, 384);
        // first values as numpy printed them into model_meta.json
        assertThat(a.toFloats()[0]).isEqualTo(0.03297809138894081f);
        assertThat(a.toFloats()[1]).isEqualTo(0.2197020947933197f);
    }

    @Test
    void headerIsWhatNumpyWrites() {
        // np.save of np.zeros((2,3), np.float32) starts with this exact header (64-byte aligned)
        byte[] h = Npy.header(NpyArray.ofFloats(new float[6], 2, 3));
        String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
        assertThat(h.length % 64).isZero();
        assertThat(text).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        String vector = new String(Npy.header(NpyArray.ofFloats(new float[5])), StandardCharsets.ISO_8859_1);
        assertThat(vector).contains("'shape': (5,), }");
        String scalar = new String(Npy.header(NpyArray.scalar(1f)), StandardCharsets.ISO_8859_1);
        assertThat(scalar).contains("'shape': (), }");
    }

    @Test
    void roundTripsEveryDtypeAndScalars() {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("f", NpyArray.ofFloats(new float[] {1.5f, -2f, Float.NaN, 3f, 4f, 5f}, 2, 3));
        arrays.put("d", NpyArray.ofDoubles(new double[] {Math.PI, -1e300}, 2));
        arrays.put("i", NpyArray.ofInts(new int[] {7, -8, 9}, 3, 1));
        arrays.put("l", NpyArray.ofLongs(new long[] {Long.MAX_VALUE}, 1));
        arrays.put("s", NpyArray.scalar(0.25f));
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            Path f = dir.resolve(e.getKey() + ".npy");
            Npy.write(f, e.getValue());
            assertThat(Npy.read(f)).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(Npy.read(dir.resolve("s.npy")).shape()).isEmpty();
    }

    @Test
    void convertsFortranOrderAndBigEndian() throws IOException {
        // np.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3)) stores 0 3 1 4 2 5 big-endian
        ByteBuffer payload = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int v : new int[] {0, 3, 1, 4, 2, 5}) {
            payload.putInt(v);
        }
        byte[] file = npyBytes("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }", payload.array());
        NpyArray a = Npy.read(new ByteArrayInputStream(file), Path.of("f.npy"));
        assertThat(a.toLongs()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(a.shape()).containsExactly(2, 3);
    }

    @Test
    void refusesTruncatedDataNamingTheFileAndBothSizes() throws IOException {
        Path f = dir.resolve("cut.npy");
        Npy.write(f, NpyArray.ofFloats(new float[100], 10, 10));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 8));
        assertThatThrownBy(() -> Npy.read(f))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated data")
                .hasMessageContaining("400 bytes")
                .hasMessageContaining("392");
    }

    @Test
    void refusesNonNpyAndUnsupportedDtypes() throws IOException {
        Path f = dir.resolve("text.npy");
        Files.writeString(f, "hello world, not numpy");
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(NpyFormatException.class).hasMessageContaining("bad magic");
        byte[] complex = npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(complex), Path.of("c.npy")))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("unsupported dtype '<c8'");
        assertThatThrownBy(() -> Npy.read(dir.resolve("absent.npy")))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("absent.npy: file not found");
    }

    @Test
    void npzRoundTripKeepsKeysOrderAndValues() {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("slow_fast_nf_net/~/NFNet/~/stem_conv0/w", NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2, 1, 1));
        arrays.put("slow_fast_nf_net/~/NFNet/~/nf_block/skip_gain", NpyArray.scalar(0f));
        arrays.put("labels", NpyArray.ofLongs(new long[] {3, 1}, 2));
        Path f = dir.resolve("params.npz");
        Npz.write(f, arrays);
        Map<String, NpyArray> back = Npz.read(f);
        assertThat(back.keySet()).containsExactlyElementsOf(arrays.keySet());
        assertThat(back).isEqualTo(arrays);
    }

    @Test
    void npzRefusesNonZip() throws IOException {
        Path f = dir.resolve("bad.npz");
        Files.writeString(f, "not a zip");
        assertThatThrownBy(() -> Npz.read(f)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("bad.npz").hasMessageContaining("not a valid .npz");
    }

    @Test
    void float16ConvertsExactlyAsNumpyDoes() throws Exception {
        Path folder = Path.of(NpyTest.class.getResource("/numpy/half_values.npy").toURI()).getParent();
        NpyArray half = Npy.read(folder.resolve("half_values.npy"));
        assertThat(half.dtype()).isEqualTo(NpyDtype.FLOAT16);
        float[] expected = Npy.read(folder.resolve("half_as_f32.npy")).toFloats();
        float[] actual = half.toFloats();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("value %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(half.nonFiniteCount()).isEqualTo(3); // inf, -inf, nan
    }

    @Test
    void integersConvertToFloat32OnlyWhenExact() {
        long exactMax = 1L << 24;
        assertThat(NpyArray.ofLongs(new long[] {-exactMax, 0, exactMax, 1L << 40, -(1L << 62)}, 5).toFloats())
                .containsExactly(-16777216f, 0f, 16777216f, 0x1p40f, -0x1p62f);
        assertThatThrownBy(() -> NpyArray.ofLongs(new long[] {1, exactMax + 1}, 2).toFloats())
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("int64 value 16777217 at index 1");
        // rounds to 2^63, which (long) would saturate back to Long.MAX_VALUE
        assertThatThrownBy(() -> NpyArray.ofLongs(new long[] {Long.MAX_VALUE}, 1).toFloats())
                .isInstanceOf(ArithmeticException.class);
        assertThat(NpyArray.ofLongs(new long[] {Long.MIN_VALUE}, 1).toFloats()).containsExactly(-0x1p63f);
        assertThatThrownBy(() -> NpyArray.ofInts(new int[] {Integer.MAX_VALUE}, 1).toFloats())
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("int32 value 2147483647");
    }

    @Test
    void countsNonFiniteValues() {
        assertThat(NpyArray.ofFloats(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY, -2}).nonFiniteCount()).isEqualTo(2);
        assertThat(NpyArray.ofDoubles(new double[] {Double.NEGATIVE_INFINITY, 0}).nonFiniteCount()).isEqualTo(1);
        assertThat(NpyArray.ofLongs(new long[] {Long.MAX_VALUE}).nonFiniteCount()).isZero();
    }

    @Test
    void atomicWriteGivesAnOrdinaryReadableFile() throws IOException {
        Path f = dir.resolve("result.npy");
        Npy.write(f, NpyArray.ofFloats(new float[] {1f}));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void atomicWriteLeavesNoPartialFileOnFailure() {
        Path f = dir.resolve("out.npy");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(f).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aSetOfFilesIsReplacedWhollyOrNotAtAll() throws IOException {
        Path a = Files.writeString(dir.resolve("results.json"), "old json");
        Path b = Files.writeString(dir.resolve("results.md"), "old md");
        Map<Path, AtomicFiles.Body> failing = new LinkedHashMap<>();
        failing.put(a, out -> out.write("new json".getBytes(StandardCharsets.UTF_8)));
        failing.put(b, out -> {
            throw new IOException("rendering failed");
        });
        assertThatThrownBy(() -> AtomicFiles.writeAll(failing)).hasMessageContaining("rendering failed");
        assertThat(a).hasContent("old json");
        assertThat(b).hasContent("old md");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("results.json", "results.md");

        Map<Path, AtomicFiles.Body> working = new LinkedHashMap<>();
        working.put(a, out -> out.write("new json".getBytes(StandardCharsets.UTF_8)));
        working.put(b, out -> out.write("new md".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.writeAll(working);
        assertThat(a).hasContent("new json");
        assertThat(b).hasContent("new md");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("results.json", "results.md");
    }

    private static byte[] npyBytes(String dict, byte[] payload) throws IOException {
        String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        return out.toByteArray();
    }
}
