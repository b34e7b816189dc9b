package org.hares.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hares.io.NpyArray;
import org.hares.io.NpyDtype;
import org.hares.io.Npz;
import org.hares.model.Embedder;
import org.hares.model.LoadedModel;
import org.hares.model.ModelArchitecture;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Haiku .npz import/export, DJL's format, refusal of mismatched checkpoints, seeded initialisation. */
class HaikuCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void npzRoundTripKeepsNamesShapesDtypesAndValues() {
        for (ModelArchitecture arch : List.of(ModelArchitecture.SLOWFAST_TEST, ModelArchitecture.NFNET_F0_FAST)) {
            Map<String, NpyArray> original = GoldenWeights.arrays(arch.newBlock().haikuParameters(), 3);
            Path npz = dir.resolve(arch.id() + ".npz");
            Npz.write(npz, original);
            try (LoadedModel m = LoadedModel.load(arch, Optional.of(npz), 0, Device.cpu(), 0)) {
                Path back = dir.resolve(arch.id() + "-back.npz");
                HaikuCheckpoint.write(m.block(), back);
                Map<String, NpyArray> reread = Npz.read(back);
                assertThat(reread.keySet()).containsExactlyElementsOf(original.keySet());
                assertThat(reread).isEqualTo(original);
            }
        }
    }

    @Test
    void mismatchedCheckpointIsRefusedWithOneMessageListingEveryKind() {
        ModelArchitecture arch = ModelArchitecture.NFNET_F0_FAST;
        Map<String, NpyArray> arrays = new LinkedHashMap<>(GoldenWeights.arrays(arch.newBlock().haikuParameters(), 0));
        List<String> keys = List.copyOf(arrays.keySet());
        for (int i = 0; i < 7; i++) {
            arrays.remove(keys.get(i));
        }
        arrays.put("NFNet/~/extra/w", NpyArray.ofFloats(new float[] {1, 2}));
        arrays.put("NFNet/~/nf_block_12/skip_gain", NpyArray.scalar(1));
        arrays.put("NFNet/~/final_conv/bias", NpyArray.ofFloats(new float[383]));
        arrays.put("NFNet/~/final_conv/gain", new NpyArray(NpyDtype.BOOL, new long[] {384}, ByteBuffer.allocate(384)));
        Path npz = dir.resolve("bad.npz");
        Npz.write(npz, arrays);
        assertThatThrownBy(() -> Embedder.open(arch, Optional.of(npz), 0, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith("checkpoint " + npz + " does not match model nfnet-f0-fast (231 arrays expected, 226 found):")
                .hasMessageContaining(" 7 missing: NFNet/~/stem_conv0/w [3, 3, 1, 2], NFNet/~/stem_conv0/gain [2], ")
                .hasMessageContaining(", … (2 more);")
                .hasMessageContaining(" 2 unexpected: NFNet/~/extra/w, NFNet/~/nf_block_12/skip_gain;")
                .hasMessageContaining(" 2 with the wrong shape or dtype: NFNet/~/final_conv/gain (expected [384] float32, "
                        + "found [384] bool), NFNet/~/final_conv/bias (expected [384] float32, found [383] float32);");
    }

    @Test
    void djlFormatRoundTripGivesTheSameModel() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Path npz = GoldenWeights.writeNpz(dir.resolve("w.npz"), arch.newBlock().haikuParameters(), 5);
        float[] x = GoldenWeights.input(2, 37, 20, 5);
        Path params;
        float[] expected;
        String fingerprint;
        try (LoadedModel m = LoadedModel.load(arch, Optional.of(npz), 0, Device.cpu(), 0);
                Embedder e = Embedder.open(arch, Optional.of(npz), 0, Device.cpu())) {
            params = m.saveDjl(dir.resolve("djl"), "sfnf");
            expected = e.embed(x, 2, 37, 20);
            fingerprint = e.fingerprint();
        }
        assertThat(params.getFileName().toString()).isEqualTo("sfnf-0000.params");
        try (Embedder e = Embedder.open(arch, Optional.of(params), 0, Device.cpu())) {
            assertThat(e.embed(x, 2, 37, 20)).containsExactly(expected);
            assertThat(e.fingerprint()).isEqualTo(fingerprint).startsWith("sha256:").hasSize(7 + 64);
        }
        assertThatThrownBy(() -> Embedder.open(ModelArchitecture.NFNET_F0_FAST, Optional.of(params), 0, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith("checkpoint " + params + " does not match model nfnet-f0-fast (DJL format): ");
    }

    private Path npz(String name, Map<String, NpyArray> arrays) {
        Path file = dir.resolve(name);
        Npz.write(file, arrays);
        return file;
    }

    /** A gain and a bias of the final convolution, with at least four values each. */
    private static final String GAIN = "slow_fast_nf_net/~/NFNet/~/final_conv/gain";
    private static final String BIAS = "slow_fast_nf_net/~/NFNet/~/final_conv/bias";

    @Test
    void aCheckpointHoldingNaNOrInfinityIsRefusedNamingTheKeysAndCounts() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Map<String, NpyArray> arrays = new LinkedHashMap<>(GoldenWeights.arrays(arch.newBlock().haikuParameters(), 2));
        float[] gain = arrays.get(GAIN).toFloats();
        gain[0] = Float.NaN;
        gain[1] = Float.POSITIVE_INFINITY;
        arrays.put(GAIN, NpyArray.ofFloats(gain, arrays.get(GAIN).shape()));
        Path npz = npz("nan.npz", arrays);
        assertThatThrownBy(() -> Embedder.open(arch, Optional.of(npz), 0, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessage("checkpoint " + npz + " refused: 2 NaN or infinite value(s), expected finite weights; "
                        + "1 array(s) holding them: " + GAIN + " (2 of " + gain.length + " values);")
                .satisfies(e -> assertThat(((CheckpointMismatchException) e).exitCode()).isEqualTo(4));
    }

    @Test
    void aDjlCheckpointHoldingNaNIsRefused() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Path params;
        try (LoadedModel m = LoadedModel.load(arch, Optional.empty(), 0, Device.cpu(), 0)) {
            ai.djl.ndarray.NDArray w = m.block().haikuParameters().get(0).parameter().getArray();
            float[] values = w.toFloatArray();
            values[3] = Float.NaN;
            w.set(values);
            params = m.saveDjl(dir.resolve("djl"), "nan");
        }
        Path file = params;
        assertThatThrownBy(() -> Embedder.open(arch, Optional.of(file), 0, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith("checkpoint " + file + " refused: 1 NaN or infinite value(s)")
                .hasMessageEndingWith("1 array(s) holding them: slow_fast_nf_net/~/NFNet_1/~/stem_conv0/w (1 of 9 values);");
    }

    @Test
    void float16AndExactInt64ArraysAreAcceptedAsTheSameWeights() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Map<String, NpyArray> arrays = new LinkedHashMap<>(GoldenWeights.arrays(arch.newBlock().haikuParameters(), 4));
        long[] shape = arrays.get(GAIN).shape();
        int n = (int) shape[0];
        // the same values as float32, as float16 (1.0, 0.5, 2.0, -1.0 are exact halves) and as int64
        short[] halfBits = {0x3c00, 0x3800, 0x4000, (short) 0xbc00};
        float[] halfValues = {1f, 0.5f, 2f, -1f};
        ByteBuffer half = ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] asFloats = new float[n];
        for (int i = 0; i < n; i++) {
            half.putShort(halfBits[i % 4]);
            asFloats[i] = halfValues[i % 4];
        }
        String bias = BIAS;
        int nb = (int) arrays.get(bias).size();
        long[] ints = new long[nb];
        float[] intsAsFloats = new float[nb];
        for (int i = 0; i < nb; i++) {
            ints[i] = i - 3;
            intsAsFloats[i] = i - 3;
        }
        Map<String, NpyArray> reference = new LinkedHashMap<>(arrays);
        reference.put(GAIN, NpyArray.ofFloats(asFloats, shape));
        reference.put(bias, NpyArray.ofFloats(intsAsFloats, nb));
        Map<String, NpyArray> converted = new LinkedHashMap<>(arrays);
        converted.put(GAIN, new NpyArray(NpyDtype.FLOAT16, shape, half.flip()));
        converted.put(bias, NpyArray.ofLongs(ints, nb));
        float[] x = GoldenWeights.input(1, 21, 20, 9);
        try (Embedder a = Embedder.open(arch, Optional.of(npz("ref.npz", reference)), 0, Device.cpu());
                Embedder b = Embedder.open(arch, Optional.of(npz("conv.npz", converted)), 0, Device.cpu())) {
            assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
            assertThat(b.embed(x, 1, 21, 20)).containsExactly(a.embed(x, 1, 21, 20));
        }

        ints[1] = (1L << 24) + 1;
        converted.put(bias, NpyArray.ofLongs(ints, nb));
        Path inexact = npz("inexact.npz", converted);
        assertThatThrownBy(() -> Embedder.open(arch, Optional.of(inexact), 0, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith("checkpoint " + inexact + " refused: 1 integer array(s) not exactly representable "
                        + "as float32: " + bias + " (int64 value 16777217 at index 1 has no exact float32");
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Map<String, NpyArray> a = seeded(arch, 7);
        assertThat(seeded(arch, 7)).isEqualTo(a);
        Map<String, NpyArray> b = seeded(arch, 8);
        assertThat(b.get("slow_fast_nf_net/~/NFNet/~/stem_conv0/w")).isNotEqualTo(a.get("slow_fast_nf_net/~/NFNet/~/stem_conv0/w"));
        try (Embedder e = Embedder.open(arch, Optional.empty(), 7, Device.cpu())) {
            assertThat(e.fingerprint()).isEqualTo("seed:7");
        }
    }

    @Test
    void seededInitialisationFollowsHaiku() {
        Map<String, NpyArray> w = seeded(ModelArchitecture.NFNET_F0_SLOW, 0);
        // conv w ~ N(0, 1/fan_in): final_conv has fan_in 1536 and 4.7M values
        double[] conv = w.get("NFNet/~/final_conv/w").toDoubles();
        assertThat(std(conv) * Math.sqrt(1536)).isCloseTo(1, org.assertj.core.data.Offset.offset(0.01));
        // linear w: truncated at 2σ, σ = 1/√in
        double[] lin = w.get("NFNet/~/nf_block_11/~/squeeze_excite/~/linear/w").toDoubles();
        double sigma = 1 / Math.sqrt(1536);
        assertThat(java.util.Arrays.stream(lin).map(Math::abs).max().getAsDouble()).isLessThanOrEqualTo(2 * sigma + 1e-9);
        // a normal truncated at ±2 has std 0.8796σ
        assertThat(std(lin) / sigma).isCloseTo(0.8796, org.assertj.core.data.Offset.offset(0.01));
        assertThat(w.get("NFNet/~/final_conv/gain").toDoubles()).containsOnly(1.0);
        assertThat(w.get("NFNet/~/final_conv/bias").toDoubles()).containsOnly(0.0);
        assertThat(w.get("NFNet/~/nf_block_3/skip_gain").toDoubles()).containsOnly(0.0);
        assertThat(w.get("NFNet/~/nf_block_3/~/squeeze_excite/~/linear_1/b").toDoubles()).containsOnly(0.0);
    }

    private static Map<String, NpyArray> seeded(ModelArchitecture arch, long seed) {
        try (LoadedModel m = LoadedModel.load(arch, Optional.empty(), seed, Device.cpu(), 0)) {
            return HaikuCheckpoint.export(m.block());
        }
    }

    private static double std(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    }
}
