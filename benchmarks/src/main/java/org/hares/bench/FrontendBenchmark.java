package org.hares.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hares.audio.AudioClip;
import org.hares.audio.AudioReader;
import org.hares.audio.Resampler;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The front end on one thread, on the 10 minutes of audio that {@code benchmarks/peer/frontend_peer.py make DIR}
 * writes (pass DIR with {@code -Dhares.bench.audio=DIR}; default /tmp/hares-bench). The peer times
 * torchaudio on the same files: {@code frontend_peer.py time DIR}.
 * <ul>
 *   <li>{@code logMel16k}: log-mel of 16 kHz mono samples already in memory;</li>
 *   <li>{@code resample44kLogMel}: 44.1 kHz mono (mean of the channels, taken in set-up) resampled to 16 kHz, then log-mel;</li>
 *   <li>{@code decodeMp3To16k}: the 128 kb/s stereo MP3 decoded, mixed down and resampled to 16 kHz mono.</li>
 * </ul>
 * Each operation covers 600 s of audio: real-time factor = 600 / seconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1", "-XX:CICompilerCount=2"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
public class FrontendBenchmark {

    private final LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
    private Path dir;
    private float[] mono16k;
    private float[] mono44k;

    @Setup
    public void load() {
        dir = Path.of(System.getProperty("hares.bench.audio", "/tmp/hares-bench"));
        AudioClip a = AudioReader.read(dir.resolve("bench16k_mono.wav"), 16000);
        AudioClip b = AudioReader.read(dir.resolve("bench44k_stereo.wav"), 44100);
        mono16k = a.samples();
        mono44k = b.samples();
    }

    @Benchmark
    public float[] logMel16k() {
        return logMel.compute(mono16k);
    }

    @Benchmark
    public float[] resample44kLogMel() {
        return logMel.compute(Resampler.resample(mono44k, 44100, 16000));
    }

    @Benchmark
    public float[] decodeMp3To16k() {
        return AudioReader.read(dir.resolve("bench44k_stereo.mp3"), 16000).samples();
    }
}
