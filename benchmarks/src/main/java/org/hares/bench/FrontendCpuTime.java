package org.hares.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.hares.audio.AudioReader;
import org.hares.audio.Resampler;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;

/**
 * The three cases of {@link FrontendBenchmark}, timed in wall-clock and in this thread's CPU time
 * (medians of the repeats after one warm-up). CPU time keeps the comparison with the torchaudio
 * peer (which prints both too) meaningful on a machine shared with other work.
 * <pre>java -cp "benchmarks/target/hares-benchmarks.jar:benchmarks/target/lib/*" org.hares.bench.FrontendCpuTime /tmp/hares-bench 7</pre>
 */
public final class FrontendCpuTime {

    private static final double AUDIO_SECONDS = 600;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private FrontendCpuTime() {}

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/hares-bench");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
        float[] mono16k = AudioReader.read(dir.resolve("bench16k_mono.wav"), 16000).samples();
        float[] mono44k = AudioReader.read(dir.resolve("bench44k_stereo.wav"), 44100).samples();
        Path mp3 = dir.resolve("bench44k_stereo.mp3");
        time("logmel16k", repeats, () -> logMel.compute(mono16k));
        time("resample44k+logmel", repeats, () -> logMel.compute(Resampler.resample(mono44k, 44100, 16000)));
        time("decodeMp3To16k", repeats, () -> AudioReader.read(mp3, 16000).samples());
    }

    private static void time(String name, int repeats, Supplier<float[]> op) {
        op.get();
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long w0 = System.nanoTime();
            long c0 = MX.getCurrentThreadCpuTime();
            float[] result = op.get();
            cpu[i] = (MX.getCurrentThreadCpuTime() - c0) / 1e9;
            wall[i] = (System.nanoTime() - w0) / 1e9;
            if (result.length == 0) {
                throw new IllegalStateException("empty result");
            }
        }
        double w = median(wall);
        double c = median(cpu);
        System.out.printf(Locale.ROOT, "%s: wall median %.3f s (%.0fx real time), cpu median %.3f s (%.0fx real time)%n",
                name, w, AUDIO_SECONDS / w, c, AUDIO_SECONDS / c);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
