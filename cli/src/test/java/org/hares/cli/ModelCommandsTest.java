package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.model.ModelArchitecture;
import org.hares.testing.Golden;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares embed}, {@code hares model info} and {@code hares bench model}, run through picocli. */
class ModelCommandsTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void embedReproducesTheGoldenOutputFromANpzCheckpoint() throws Exception {
        ModelArchitecture arch = ModelArchitecture.NFNET_F0_FAST;
        Path npz = GoldenWeights.writeNpz(dir.resolve("fast.npz"), arch.newBlock().haikuParameters(), 0);
        Path input = dir.resolve("clips.npy");
        Npy.write(input, NpyArray.ofFloats(GoldenWeights.input(2, 400, 128, 0), 2, 400, 128, 1));
        Path outDir = dir.resolve("emb");
        assertThat(cli.run("embed", "--model", "nfnet-f0-fast", "--checkpoint", npz.toString(), "--out", outDir.toString(),
                "--batch-size", "1", input.toString())).as(cli.err()).isZero();
        Path written = outDir.resolve("clips.embedding.npy");
        assertThat(cli.out()).contains(written.toString());
        NpyArray embedding = Npy.read(written);
        assertThat(embedding.shape()).containsExactly(2, 384);
        float[] expected;
        // the golden files sit inside the core test-jar here
        try (var in = Golden.class.getResourceAsStream("/golden/output_nfnet_f0_fast.npy")) {
            expected = Npy.read(in, Path.of("output_nfnet_f0_fast.npy")).toFloats();
        }
        float[] actual = embedding.toFloats();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void embedWritesBesideTheInputAndMirrorsTheInputRank() {
        float[] clip = GoldenWeights.input(1, 30, 16, 2);
        Path single = dir.resolve("one.npy");
        Npy.write(single, NpyArray.ofFloats(clip, 30, 16));
        Path batched = dir.resolve("batch.npy");
        float[] two = new float[2 * clip.length];
        System.arraycopy(clip, 0, two, 0, clip.length);
        System.arraycopy(clip, 0, two, clip.length, clip.length);
        Npy.write(batched, NpyArray.ofFloats(two, 2, 30, 16));
        assertThat(cli.run("embed", "--model", "slowfast-test", "--seed", "3", single.toString(), batched.toString()))
                .as(cli.err()).isZero();
        NpyArray one = Npy.read(dir.resolve("one.embedding.npy"));
        NpyArray both = Npy.read(dir.resolve("batch.embedding.npy"));
        int e = ModelArchitecture.SLOWFAST_TEST.embeddingSize();
        assertThat(one.shape()).containsExactly(e);
        assertThat(both.shape()).containsExactly(2, e);
        float[] b = both.toFloats();
        float[] o = one.toFloats();
        for (int i = 0; i < e; i++) {
            assertThat(b[i]).isCloseTo(o[i], within(1e-6f));
            assertThat(b[e + i]).isCloseTo(o[i], within(1e-6f));
        }
        assertThat(cli.err()).contains("2/2 files");
    }

    @Test
    void embedRefusesABadShapeNamingTheFile() {
        Path bad = dir.resolve("bad.npy");
        Npy.write(bad, NpyArray.ofFloats(new float[48], 2, 3, 4, 2));
        assertThat(cli.run("embed", "--model", "slowfast-test", bad.toString())).isEqualTo(3);
        assertThat(cli.err()).contains(bad.toString())
                .contains("expected a log-mel array of shape (T, F), (B, T, F) or (B, T, F, 1)")
                .contains("found [2, 3, 4, 2]");
    }

    @Test
    void aOneDimensionalArrayIsOneLineNamingTheFileAndBothShapes() {
        Path flat = dir.resolve("flat.npy");
        Npy.write(flat, NpyArray.ofFloats(new float[128], 128));
        assertThat(cli.run("embed", "--model", "slowfast-test", flat.toString())).isEqualTo(3);
        assertThat(cli.err()).isEqualTo("hares: error: " + flat + ": expected a log-mel array of shape (T, F), (B, T, F) "
                + "or (B, T, F, 1) with every size >= 1; found [128]" + System.lineSeparator());
    }

    @Test
    void anInputHoldingNaNIsRefusedAndAnOutputHoldingNaNStopsTheRun() {
        float[] x = GoldenWeights.input(1, 30, 16, 2);
        x[7] = Float.NaN;
        x[8] = Float.NEGATIVE_INFINITY;
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, NpyArray.ofFloats(x, 30, 16));
        assertThat(cli.run("embed", "--model", "slowfast-test", nan.toString())).isEqualTo(3);
        assertThat(cli.err()).isEqualTo("hares: error: " + nan + ": 2 of 480 values are NaN or infinite (expected a finite "
                + "log-mel)" + System.lineSeparator());
        assertThat(dir.resolve("nan.embedding.npy")).doesNotExist();

        // finite but huge, of random sign (weight standardisation cancels a constant): the network overflows
        float[] huge = GoldenWeights.input(1, 30, 16, 5);
        for (int i = 0; i < huge.length; i++) {
            huge[i] = Math.signum(huge[i]) * 3e38f;
        }
        Path overflow = dir.resolve("huge.npy");
        Npy.write(overflow, NpyArray.ofFloats(huge, 30, 16));
        cli.clear();
        assertThat(cli.run("embed", "--model", "slowfast-test", overflow.toString())).isEqualTo(4);
        assertThat(cli.err()).startsWith("hares: error: slowfast-test returned ").contains(" NaN or infinite value(s) of 128 for "
                + overflow + " (expected finite embeddings");
        assertThat(dir.resolve("huge.embedding.npy")).doesNotExist();
    }

    @Test
    void float16AndExactInt64InputsGiveTheFloat32Embedding() {
        float[] x = new float[30 * 16];
        long[] ints = new long[x.length];
        java.nio.ByteBuffer half = java.nio.ByteBuffer.allocate(2 * x.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < x.length; i++) {
            ints[i] = i % 7 - 3;
            x[i] = ints[i];
            // -3 .. 3 as IEEE halves: sign, exponent and mantissa of small integers
            half.putShort(halfOf((int) ints[i]));
        }
        Npy.write(dir.resolve("f32.npy"), NpyArray.ofFloats(x, 30, 16));
        Npy.write(dir.resolve("i64.npy"), NpyArray.ofLongs(ints, 30, 16));
        Npy.write(dir.resolve("f16.npy"), new NpyArray(org.hares.io.NpyDtype.FLOAT16, new long[] {30, 16}, half.flip()));
        assertThat(cli.run("embed", "--model", "slowfast-test", dir.resolve("f32.npy").toString(),
                dir.resolve("i64.npy").toString(), dir.resolve("f16.npy").toString())).as(cli.err()).isZero();
        NpyArray reference = Npy.read(dir.resolve("f32.embedding.npy"));
        assertThat(Npy.read(dir.resolve("i64.embedding.npy"))).isEqualTo(reference);
        assertThat(Npy.read(dir.resolve("f16.embedding.npy"))).isEqualTo(reference);

        ints[5] = (1L << 24) + 1;
        Path inexact = dir.resolve("inexact.npy");
        Npy.write(inexact, NpyArray.ofLongs(ints, 30, 16));
        assertThat(cli.run("embed", "--model", "slowfast-test", inexact.toString())).isEqualTo(3);
        assertThat(cli.err()).contains("hares: error: " + inexact + ": int64 value 16777217 at index 5 has no exact float32");
    }

    /** The IEEE half of a small integer (|v| <= 3). */
    private static short halfOf(int v) {
        if (v == 0) {
            return 0;
        }
        int a = Math.abs(v);
        int exponent = 31 - Integer.numberOfLeadingZeros(a);
        int mantissa = (a - (1 << exponent)) << (10 - exponent);
        return (short) ((v < 0 ? 0x8000 : 0) | (exponent + 15) << 10 | mantissa);
    }

    @Test
    void aMismatchedCheckpointIsRefusedBeforeAnyInputIsEmbedded() {
        Path npz = GoldenWeights.writeNpz(dir.resolve("fast.npz"),
                ModelArchitecture.NFNET_F0_FAST.newBlock().haikuParameters(), 0);
        Path input = dir.resolve("x.npy");
        Npy.write(input, NpyArray.ofFloats(new float[20 * 16], 20, 16));
        assertThat(cli.run("embed", "--model", "slowfast-test", "--checkpoint", npz.toString(), input.toString()))
                .isEqualTo(4);
        assertThat(cli.err()).contains("hares: error: checkpoint " + npz + " does not match model slowfast-test");
        assertThat(Files.exists(dir.resolve("x.embedding.npy"))).isFalse();
    }

    @Test
    void unknownModelListsTheValidIds() {
        assertThat(cli.run("model", "info", "--model", "vggish")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown model 'vggish'; valid: slowfast-nfnet-f0, nfnet-f0-slow, nfnet-f0-fast");
    }

    @Test
    void modelInfoPrintsCountsAndMacs() {
        assertThat(cli.run("model", "info")).isZero();
        assertThat(cli.out()).contains("slowfast-nfnet-f0").contains("62,970,654 in 474 arrays")
                .contains("embedding   3456").contains("7,464,878,080 per 400x128 input (14.93 GFLOP)")
                .contains("seed:0");
        cli.clear();
        assertThat(cli.run("model", "info", "--model", "nfnet-f0-fast")).isZero();
        assertThat(cli.out()).contains("899,842 in 231 arrays").contains("embedding   384");
    }

    @Test
    void convertRoundTripsThroughDjlFormatBackToTheSameNpz() throws Exception {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        Path npz = GoldenWeights.writeNpz(dir.resolve("w.npz"), arch.newBlock().haikuParameters(), 4);
        Path params = dir.resolve("djl/sfnf-0000.params");
        assertThat(cli.run("model", "convert", "--model", "slowfast-test", "--checkpoint", npz.toString(),
                "--out", params.toString())).as(cli.err()).isZero();
        Path back = dir.resolve("back.npz");
        assertThat(cli.run("model", "convert", "--model", "slowfast-test", "--checkpoint", params.toString(),
                "--out", back.toString())).as(cli.err()).isZero();
        assertThat(org.hares.io.Npz.read(back)).isEqualTo(org.hares.io.Npz.read(npz));
        String[] lines = cli.out().split("\\R");
        assertThat(lines[0].substring(lines[0].indexOf("sha256:")))
                .isEqualTo(lines[1].substring(lines[1].indexOf("sha256:")));
    }

    @Test
    void benchModelRunsEachBatchSizeInAChildProcess() throws Exception {
        Path json = dir.resolve("bench.json");
        assertThat(cli.run("bench", "model", "--model", "slowfast-test", "--frames", "40", "--mel-bins", "16",
                "--batch-sizes", "1,2", "--warmup", "0", "--repeats", "1", "--gemm-sizes", "64,256", "--json", json.toString()))
                .as(cli.err()).isZero();
        String text = Files.readString(json);
        assertThat(text).contains("\"model\": \"slowfast-test\"").contains("\"batch\": 1,").contains("\"batch\": 2,");
        BenchModelCommand.Result r = BenchModelCommand.parse(text.lines().filter(l -> l.contains("\"batch\": 2,"))
                .findFirst().orElseThrow());
        assertThat(r.clipsPerSecond()).isPositive();
        assertThat(r.peakRssMib()).isGreaterThan(50);
        assertThat(cli.out()).contains("clips/s").contains("peak RSS MiB").contains("sgemm ceiling").contains("CPU FMA peak");
        assertThat(text).contains("\"precision\": \"float32\"").containsPattern("\"sgemm_size\": (64|256),")
                .containsPattern("\"sgemm_gflops\": [1-9]").contains("\"fma_peak_gflops\": ");
    }

    @Test
    void benchModelProfileTimesEveryLayerAndItsFlopsAddUpToTheModels() throws Exception {
        Path json = dir.resolve("profile.json");
        assertThat(cli.run("bench", "model", "--model", "slowfast-test", "--frames", "40", "--mel-bins", "16",
                "--batch-sizes", "1", "--warmup", "1", "--repeats", "2", "--no-gemm", "--profile", "3", "--json", json.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("per-layer profile: batch 3, median of 2 passes").contains("kind of work")
                .contains("grouped conv").contains("squeeze-excite").contains("slow/nf_block").contains("fuse_fast2_slow");
        String text = Files.readString(json);
        assertThat(text).contains("\"precision\": \"float32\"").contains("\"profile_batch\": 3,").contains("\"profile\": [");
        long flops = java.util.regex.Pattern.compile("\"flops\": (\\d+)").matcher(text).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        long macsPerClip = Long.parseLong(text.replaceAll("(?s).*\"macs_per_clip\": (\\d+).*", "$1"));
        assertThat(flops).isEqualTo(2 * 3 * macsPerClip)
                .isEqualTo(2 * 3 * ModelArchitecture.SLOWFAST_TEST.newBlock().macs(40, 16));
        int blocks = ((org.hares.model.SlowFastNfNet) ModelArchitecture.SLOWFAST_TEST.newBlock()).fast().blocks().size();
        for (String pathway : List.of("fast/", "slow/")) {
            assertThat(text).contains("\"layer\": \"" + pathway + "stem\"").contains("\"layer\": \"" + pathway + "head\"")
                    .contains("\"layer\": \"" + pathway + "nf_block\"");
            for (int i = 1; i < blocks; i++) {
                assertThat(text).contains("\"layer\": \"" + pathway + "nf_block_" + i + "\"");
            }
        }
    }

    @Test
    void reducedPrecisionIsRefusedWhereTheHardwareWouldOnlyEmulateIt() {
        assertThat(cli.run("bench", "model", "--model", "slowfast-test", "--precision", "fp16", "--batch-sizes", "1"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("fp16").contains("CUDA");
        cli.clear();
        org.hares.model.CpuInfo cpu = org.hares.model.CpuInfo.ofThisMachine();
        int code = cli.run("bench", "model", "--model", "slowfast-test", "--precision", "bf16", "--frames", "40",
                "--mel-bins", "16", "--batch-sizes", "1", "--warmup", "0", "--repeats", "1", "--no-gemm");
        if (cpu.has("avx512_bf16") || cpu.has("amx_bf16")) {
            assertThat(code).as(cli.err()).isZero();
        } else {
            assertThat(code).isEqualTo(2);
            assertThat(cli.err().strip()).doesNotContain("\n").contains(cpu.model()).contains("avx512_bf16");
        }
        cli.clear();
        assertThat(cli.run("bench", "model", "--model", "logmel-stats", "--precision", "bf16")).isEqualTo(2);
        assertThat(cli.err()).contains("NFNet models");
    }

    @Test
    void benchModelPrintsARowPerNumberOfStreamsAndCountsTheClipsOfEveryStream() throws Exception {
        Path json = dir.resolve("bench-streams.json");
        assertThat(cli.run("bench", "model", "--model", "slowfast-test", "--frames", "40", "--mel-bins", "16",
                "--batch-sizes", "2", "--streams", "1,2", "--warmup", "0", "--repeats", "2", "--no-gemm", "--json", json.toString(),
                "--precision", "fp32", "--profile", "2"))
                .as(cli.err()).isZero();
        assertThat(cli.out().lines().filter(l -> l.matches("\\s*2\\s+[12]\\s+\\d.*")).map(l -> l.trim().split("\\s+")[1]))
                .containsExactly("1", "2");
        List<BenchModelCommand.Result> rows = Files.readString(json).lines().filter(l -> l.contains("\"batch\": 2,"))
                .map(BenchModelCommand::parse).toList();
        assertThat(rows).extracting(BenchModelCommand.Result::streams).containsExactly(1, 2);
        // a round runs a batch on every stream: clips/s counts both
        BenchModelCommand.Result two = rows.get(1);
        assertThat(two.clipsPerSecond()).isCloseTo(2 * 2 / two.medianSeconds(), org.assertj.core.data.Percentage.withPercentage(1));
        // with --precision and --profile alongside: the JSON only gains fields
        com.google.gson.JsonObject bench = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(bench.get("precision").getAsString()).isEqualTo("float32");
        assertThat(bench.get("gelu_kernel").getAsString())
                .isEqualTo(org.hares.model.layer.TanhGelu.usesVectorKernel() ? "java-vector" : "libtorch");
        // the child JVMs get this one's options, --add-modules included; their start-up warning is not repeated
        assertThat(cli.err()).doesNotContain("Using incubator modules");
        assertThat(bench.get("sgemm_gflops").isJsonNull()).isTrue();
        assertThat(bench.get("profile_batch").getAsInt()).isEqualTo(2);
        assertThat(bench.getAsJsonArray("profile")).isNotEmpty();
        assertThat(bench.getAsJsonArray("results")).extracting(r -> r.getAsJsonObject().get("streams").getAsInt())
                .containsExactly(1, 2);
        assertThat(cli.out()).contains("per-layer profile: batch 2");
        cli.clear();
        assertThat(cli.run("bench", "model", "--model", "slowfast-test", "--streams", "0", "--no-gemm")).isEqualTo(2);
    }

    @Test
    void cpuPeakIsCoresTimesClockTimesLanesTimesTwoFmaUnitsTimesTwo() {
        String zen3 = "processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2445.412\nflags\t\t: fpu sse avx avx2 fma\n\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2445.412\nflags\t\t: fpu sse avx avx2 fma\n";
        BenchModelCommand.ComputeCeiling.CpuPeak avx2 = BenchModelCommand.ComputeCeiling.CpuPeak.of(org.hares.model.CpuInfo.parse(zen3), 2);
        assertThat(avx2.model()).isEqualTo("AMD EPYC");
        assertThat(avx2.lanes()).isEqualTo(8);
        assertThat(avx2.gflops()).isCloseTo(2 * 2.445412 * 8 * 2 * 2, org.assertj.core.data.Offset.offset(1e-9));
        BenchModelCommand.ComputeCeiling.CpuPeak avx512 = BenchModelCommand.ComputeCeiling.CpuPeak.of(org.hares.model.CpuInfo.parse(
                "model name : Xeon\ncpu MHz : 2000\nflags : avx avx2 fma avx512f avx512_bf16\n"), 2);
        assertThat(avx512.gflops()).isCloseTo(2 * 2.0 * 16 * 2 * 2, org.assertj.core.data.Offset.offset(1e-9));
    }
}
