package org.hares.bench;

import ai.djl.Device;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference of the network on 400×128 log-mel batches, as {@code hares bench model} measures it:
 * one forward pass of {@code batch} clips through {@link Embedder#embed}, weights from the seeded
 * initialisation (speed does not depend on them), one fork per batch size. Throughput in clips/s =
 * batch / (seconds per operation); GFLOP/s = 2 × MACs × clips/s (7,464,878,080 MACs per clip for
 * slowfast-nfnet-f0). Run with the launcher's environment (jemalloc, OMP_WAIT_POLICY=PASSIVE), see README.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC", "-Dai.djl.offline=true"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ModelBenchmark {

    @Param({"slowfast-nfnet-f0"})
    public String model;

    @Param({"1", "8", "32"})
    public int batch;

    private Embedder embedder;
    private float[] input;

    @Setup(Level.Trial)
    public void load() {
        embedder = Embedder.open(ModelArchitecture.parse(model), Optional.empty(), 0, Device.cpu());
        input = new float[batch * 400 * 128];
        SplittableRandom random = new SplittableRandom(batch);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] forward() {
        return embedder.embed(input, batch, 400, 128);
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }
}
