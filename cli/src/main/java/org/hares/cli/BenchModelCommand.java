package org.hares.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.frontend.FrontendConfig;
import org.hares.io.AtomicFiles;
import org.hares.model.CpuInfo;
import org.hares.model.Embedder;
import org.hares.model.ForwardProfile;
import org.hares.model.LibtorchThreads;
import org.hares.model.layer.TanhGelu;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hares bench model}: inference throughput (clips/s, achieved GFLOP/s = 2 × MACs × clips/s)
 * and peak resident memory per batch size and number of streams. Each runs in its own child JVM, so
 * its peak memory is its own; each child warms up, then times repeated rounds (one forward pass per
 * stream, the streams at once) and reports the median.
 * {@code --profile} then times one batch's forward pass layer by layer in this process.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inference throughput and peak memory of the network at several batch sizes and numbers of streams "
                + "(one child process each; warm-up, then the median of repeats).")
public final class BenchModelCommand implements Callable<Integer> {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*([-0-9.eE]+)");

    @Mixin
    ModelOptions model;

    @Mixin
    ModelOptions.PrecisionOption precision;

    @Mixin
    ModelInputOptions modelInput;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", paramLabel = "N[,N...]",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--streams", split = ",", paramLabel = "N[,N...]",
            description = "Streams: N model instances each running a batch at once on its own thread with 1/N of libtorch's "
                    + "intra-op threads, as 'hares eval --streams N' extracts; a row per batch size and N, clips/s counting "
                    + "every stream (default: eval's, 2 or 1 on a one-core machine; onnx: clamped to 1).")
    List<Integer> streams;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed passes first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N", description = "Timed passes (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--frames", defaultValue = "400", paramLabel = "T", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--mel-bins", defaultValue = "128", paramLabel = "F", description = "Mel bins (default: ${DEFAULT-VALUE}).")
    int melBins;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--gemm-sizes", split = ",", defaultValue = "1024,2048,4096,8192", paramLabel = "N[,N...]",
            description = "Square sgemm sizes for the machine's float32 ceiling, measured through the same libtorch "
                    + "in a child process (default: ${DEFAULT-VALUE}).")
    List<Integer> gemmSizes;

    @Option(names = "--no-gemm", description = "Skip the sgemm ceiling.")
    boolean noGemm;

    @Option(names = "--profile", arity = "0..1", fallbackValue = "32", paramLabel = "BATCH",
            description = {"Then time one forward pass of BATCH clips (default 32) layer by layer: per kind of work "
                    + "(1x1, grouped and dense convs, gelu, squeeze-excite, pooling, ...), per layer (stems, blocks, "
                    + "fusions, heads) and per layer and kind, the median ms over --repeats passes after --warmup, "
                    + "share of the pass, GFLOP and GFLOP/s, sorted by time. Runs in this process (CPU only: each "
                    + "layer is timed as its libtorch calls return). --json adds the rows as 'profile'."})
    Integer profileBatch;

    @Option(names = "--child-gemm", hidden = true, description = "Measure the sgemm ceiling in this process and print one JSON line.")
    boolean childGemm;

    @Option(names = "--child", hidden = true, description = "Measure one batch size in this process and print one JSON line.")
    boolean child;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One batch size's measurement with {@code streams} streams (seconds per round: a batch on every stream). */
    record Result(int batch, int streams, int repeats, double medianSeconds, double minSeconds, double maxSeconds,
            double clipsPerSecond, double gflops, double peakRssMib) {

        String toJson() {
            return String.format(Locale.ROOT, "{\"batch\": %d, \"streams\": %d, \"repeats\": %d, \"median_s\": %.4f, "
                    + "\"min_s\": %.4f, \"max_s\": %.4f, \"clips_per_s\": %.3f, \"gflops\": %s, \"peak_rss_mib\": %.0f}",
                    batch, streams, repeats, medianSeconds, minSeconds, maxSeconds, clipsPerSecond,
                    Double.isNaN(gflops) ? "null" : String.format(Locale.ROOT, "%.1f", gflops), peakRssMib);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (streams == null) {
            streams = List.of(org.hares.eval.EvalConfig.defaultStreams());
        }
        if (warmup < 0 || repeats < 1 || frames < 1 || melBins < 1 || batchSizes.stream().anyMatch(b -> b < 1)
                || streams.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("need --warmup >= 0, --repeats >= 1, --frames, --mel-bins, batch sizes and "
                    + "--streams >= 1");
        }
        modelInput.options(model.model); // refuses --model-input for a built-in network before any child starts
        EmbeddingModels.requirePrecision(model.model, precision.get(), model.device());
        boolean external = EmbeddingModels.isExternal(model.model);
        if (profileBatch != null && (profileBatch < 1 || external || model.device().isGpu())) {
            throw new IllegalArgumentException("--profile needs a batch >= 1, a network of hares (not " + model.model
                    + ") and --device cpu (CUDA calls return before the work is done)");
        }
        // an external network's operations are not counted: its GFLOP/s is reported as n/a
        long macs = external ? -1 : model.architecture().newBlock().macs(frames, melBins);
        PrintWriter out = spec.commandLine().getOut();
        if (childGemm) {
            ComputeCeiling.Sgemm g = ComputeCeiling.bestSgemm(gemmSizes, repeats);
            out.printf(Locale.ROOT, "{\"sgemm_size\": %d, \"sgemm_gflops\": %.1f}%n", g.size(), g.gflops());
            out.flush();
            return 0;
        }
        if (child) {
            out.println(measure(batchSizes.get(0), streams.get(0), macs).toJson());
            out.flush();
            return 0;
        }
        if (gemmSizes.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--gemm-sizes must be >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        String load = loadAverage();
        ComputeCeiling.CpuPeak cpu = ComputeCeiling.CpuPeak.ofThisMachine();
        String input = external ? String.format(Locale.ROOT, "%.2f s windows (%d frames)", windowSeconds(), frames)
                : frames + "x" + melBins + " input";
        out.printf(Locale.ROOT, "hares bench model: %s, %s, %d warm-up + median of %d, gelu kernel %s; load average %s%n",
                modelId(), input, warmup, repeats, geluKernel(), load);
        out.printf(Locale.ROOT, "%5s %7s %9s %8s %9s %13s%n", "batch", "streams", "clips/s", "GFLOP/s", "s/batch", "peak RSS MiB");
        out.flush();
        List<Result> results = new ArrayList<>();
        for (int batch : batchSizes) {
            for (int n : streams) {
                err.printf("hares bench model: batch %d, %d stream(s) in a child process...%n", batch, n);
                err.flush();
                Result r = runChild(batch, n);
                results.add(r);
                out.printf(Locale.ROOT, "%5d %7d %9.3f %8s %9.4f %13.0f%n", r.batch(), r.streams(), r.clipsPerSecond(),
                        Double.isNaN(r.gflops()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.gflops()), r.medianSeconds(),
                        r.peakRssMib());
                out.flush();
            }
        }
        ComputeCeiling.Sgemm gemm = new ComputeCeiling.Sgemm(0, Double.NaN);
        if (!noGemm) {
            err.printf("hares bench model: sgemm ceiling in a child process...%n");
            err.flush();
            Map<String, Double> g = fields(runChild(List.of("--child-gemm", "--repeats", Integer.toString(repeats),
                    "--gemm-sizes", gemmSizes.stream().map(String::valueOf).collect(Collectors.joining(","))), "sgemm"));
            gemm = new ComputeCeiling.Sgemm(g.get("sgemm_size").intValue(), g.get("sgemm_gflops"));
            double best = results.stream().mapToDouble(Result::gflops).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "float32 sgemm ceiling %.1f GFLOP/s (n = %d, same libtorch, threads and allocator); "
                    + "model at best %s of it%n", gemm.gflops(), gemm.size(),
                    external ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * best / gemm.gflops()));
        }
        out.printf("CPU FMA peak %s%n", cpu.describe());
        out.flush();
        LayerProfile profile = null;
        if (profileBatch != null) {
            err.printf("hares bench model: profiling a batch of %d layer by layer...%n", profileBatch);
            err.flush();
            profile = profile(profileBatch);
            profile.print(out, profileBatch);
            out.flush();
        }
        if (json != null) {
            String body = String.format(Locale.ROOT, "{\"model\": \"%s\", \"frames\": %d, \"mel_bins\": %d, "
                    + "\"macs_per_clip\": %s, \"warmup\": %d, \"load_average\": \"%s\", \"allocator\": \"%s\", "
                    + "\"precision\": \"%s\", \"gelu_kernel\": \"%s\", \"cpu\": \"%s\", \"fma_peak_gflops\": %.1f, "
                    + "\"sgemm_size\": %d, \"sgemm_gflops\": %s, "
                    + "\"results\": [%n  %s%n]%s}%n", modelId(), frames, melBins, macs < 0 ? "null" : Long.toString(macs), warmup,
                    load, allocator(), precision.get().dataTypeName(), geluKernel(), cpu.model().replace("\"", "'"), cpu.gflops(),
                    gemm.size(), Double.isNaN(gemm.gflops()) ? "null" : String.format(Locale.ROOT, "%.1f", gemm.gflops()),
                    results.stream().map(Result::toJson).collect(Collectors.joining(",\n  ")),
                    profile == null ? "" : profile.toJson(profileBatch));
            AtomicFiles.writeString(json, body);
        }
        return 0;
    }

    private Result measure(int batch, int requestedStreams, long macs) {
        double[] seconds = new double[repeats];
        SplittableRandom random = new SplittableRandom(batch);
        List<Forward> forwards = new ArrayList<>();
        try {
            forwards.add(openForward(batch, random));
            int n = Math.min(requestedStreams, forwards.get(0).maxStreams());
            if (n < requestedStreams) {
                spec.commandLine().getErr().printf("hares bench model: %s runs %d stream(s): --streams %d clamped to %d%n",
                        modelId(), n, requestedStreams, n);
            }
            while (forwards.size() < n) {
                forwards.add(openForward(batch, random));
            }
            if (n == 1) {
                Forward forward = forwards.get(0);
                for (int i = 0; i < warmup; i++) {
                    forward.run();
                }
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    forward.run();
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                }
            } else {
                StreamRounds.time(forwards, warmup, seconds);
            }
        } finally {
            forwards.forEach(Forward::close);
        }
        int n = forwards.size();
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = BenchCommand.median(seconds);
        double clipsPerSecond = n * batch / median;
        return new Result(batch, n, repeats, median, sorted[0], sorted[repeats - 1], clipsPerSecond,
                macs < 0 ? Double.NaN : 2.0 * macs * clipsPerSecond / 1e9, peakRssMib());
    }

    /** One timed forward pass of a batch of random inputs. */
    private interface Forward extends AutoCloseable {
        void run();

        /** How many instances may run at once (see {@link EmbeddingModel#maxStreams}). */
        default int maxStreams() {
            return Integer.MAX_VALUE;
        }

        @Override
        void close();
    }

    private Forward openForward(int batch, SplittableRandom random) {
        if (EmbeddingModels.isExternal(model.model)) {
            EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                    precision.get(), FrontendConfig.DEFAULT, modelInput.options(model.model));
            // the model input of a window as long as --frames of log-mel: standardised log-mel or samples at its rate
            int length = m.prepare(new float[(int) Math.round(windowSeconds() * m.sampleRate())]).length;
            List<float[]> x = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                x.add(randomValues(random, length));
            }
            return new Forward() {
                public void run() { m.embed(x); }
                public int maxStreams() { return m.maxStreams(); }
                public void close() { m.close(); }
            };
        }
        Embedder embedder = model.openEmbedder(precision.get());
        float[] x = randomValues(random, batch * frames * melBins);
        return new Forward() {
            public void run() { embedder.embed(x, batch, frames, melBins); }
            public void close() { embedder.close(); }
        };
    }

    /** {@code --warmup} untimed, then {@code --repeats} timed passes of one batch of random inputs, layer by layer. */
    private LayerProfile profile(int batch) {
        ForwardProfile timer = new ForwardProfile();
        try (Embedder embedder = model.openEmbedder(precision.get())) {
            float[] x = randomValues(new SplittableRandom(batch), batch * frames * melBins);
            for (int i = 0; i < warmup + repeats; i++) {
                if (i == warmup) {
                    timer.clear();
                }
                embedder.embed(x, batch, frames, melBins, timer);
            }
        }
        return new LayerProfile(timer.rows(), BenchCommand.median(timer.passSeconds()), repeats);
    }

    private static float[] randomValues(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /** Seconds of audio whose centred log-mel has {@code --frames} frames. */
    private double windowSeconds() {
        return (frames - 1) * (double) FrontendConfig.DEFAULT.hopLength() / FrontendConfig.DEFAULT.sampleRate();
    }

    /** Which gelu float32 CPU inference runs: Java's Vector API kernel, or libtorch's without the module. */
    private static String geluKernel() {
        return TanhGelu.usesVectorKernel() ? "java-vector" : "libtorch";
    }

    private String modelId() {
        return EmbeddingModels.isExternal(model.model) ? model.model : model.architecture().id();
    }

    private Result runChild(int batch, int n) throws IOException, InterruptedException {
        return parse(runChild(List.of("--child", "--batch-sizes", Integer.toString(batch), "--streams", Integer.toString(n),
                "--warmup", Integer.toString(warmup), "--repeats", Integer.toString(repeats), "--frames", Integer.toString(frames),
                "--mel-bins", Integer.toString(melBins)), "batch " + batch + ", " + n + " stream(s)"));
    }

    /** Runs {@code hares bench model ARGS} in a child JVM with this one's settings; returns its last JSON line. */
    private String runChild(List<String> args, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("bench", "model"));
        command.addAll(args);
        command.addAll(model.asArguments());
        command.addAll(precision.asArguments());
        command.addAll(modelInput.asArguments());
        Process process = new ProcessBuilder(command).start();
        Thread errors = forwardErrors(process);
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        int code = process.waitFor();
        errors.join();
        if (code != 0 || last == null) {
            throw new IllegalStateException("benchmark child for " + what + " failed with exit code " + code);
        }
        return last;
    }

    /** Copies the child's stderr to ours, less the JVM's line about incubator modules, which this JVM printed already. */
    private Thread forwardErrors(Process process) {
        PrintWriter err = spec.commandLine().getErr();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.startsWith("WARNING: Using incubator modules")) {
                        err.println(line);
                        err.flush();
                    }
                }
            } catch (IOException e) {
                err.println("hares bench model: lost the child's error output: " + e.getMessage());
            }
        }, "bench-child-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Map<String, Double> fields(String line) {
        Map<String, Double> f = new HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            f.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return f;
    }

    static Result parse(String line) {
        Map<String, Double> f = fields(line);
        return new Result(f.get("batch").intValue(), f.getOrDefault("streams", 1.0).intValue(), f.get("repeats").intValue(),
                f.get("median_s"), f.get("min_s"),
                f.get("max_s"), f.get("clips_per_s"), f.getOrDefault("gflops", Double.NaN), f.get("peak_rss_mib"));
    }

    /** VmHWM of this process (Linux); NaN elsewhere. */
    public static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String allocator() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("jemalloc") ? "jemalloc " + System.getenv("MALLOC_CONF") : "system malloc";
    }

    /**
     * A forward pass's time by layer and kind of work ({@link ForwardProfile}'s rows, medians over passes),
     * grouped three ways for print and listed in full for JSON.
     */
    record LayerProfile(List<ForwardProfile.Row> rows, double passSeconds, int passes) {

        /** Some rows summed pass by pass: the group's median seconds and MACs. */
        record Group(String name, double seconds, long macs) {

            double gflop() {
                return 2.0 * macs / 1e9;
            }

            /** Achieved GFLOP/s; NaN for work without counted MACs (activations, pooling, copies). */
            double gflops() {
                return macs == 0 ? Double.NaN : gflop() / seconds;
            }
        }

        /** Rows grouped by {@code key}, slowest first. */
        List<Group> groups(Function<ForwardProfile.Row, String> key) {
            Map<String, double[]> seconds = new LinkedHashMap<>();
            Map<String, Long> macs = new HashMap<>();
            for (ForwardProfile.Row r : rows) {
                double[] sum = seconds.computeIfAbsent(key.apply(r), k -> new double[r.seconds().length]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += r.seconds()[i];
                }
                macs.merge(key.apply(r), r.macs(), Long::sum);
            }
            return seconds.entrySet().stream()
                    .map(e -> new Group(e.getKey(), BenchCommand.median(e.getValue()), macs.get(e.getKey())))
                    .sorted(Comparator.comparingDouble(Group::seconds).reversed()).toList();
        }

        static String layerAndKind(ForwardProfile.Row r) {
            return r.layer() + " " + r.kind().label();
        }

        void print(PrintWriter out, int batch) {
            out.printf(Locale.ROOT, "%nper-layer profile: batch %d, median of %d passes, %.1f ms per pass "
                    + "(CPU times as libtorch returns; FLOPs: 2 x MACs of convolutions and linears)%n", batch, passes,
                    1e3 * passSeconds);
            table(out, "kind of work", groups(r -> r.kind().label()), Integer.MAX_VALUE);
            table(out, "layer", groups(ForwardProfile.Row::layer), Integer.MAX_VALUE);
            List<Group> fine = groups(LayerProfile::layerAndKind);
            table(out, "layer and kind (slowest " + Math.min(TOP, fine.size()) + " of " + fine.size() + ")", fine, TOP);
        }

        private static final int TOP = 25;

        private void table(PrintWriter out, String title, List<Group> groups, int limit) {
            out.printf(Locale.ROOT, "%n%-36s %9s %6s %8s %8s%n", title, "ms", "share", "GFLOP", "GFLOP/s");
            groups.stream().limit(limit).forEach(g -> out.printf(Locale.ROOT, "%-36s %9.2f %5.1f%% %8.2f %8s%n", g.name(),
                    1e3 * g.seconds(), 100 * g.seconds() / passSeconds, g.gflop(),
                    Double.isNaN(g.gflops()) ? "-" : String.format(Locale.ROOT, "%.1f", g.gflops())));
        }

        /** The JSON fields it adds: {@code profile_batch}, {@code profile_pass_ms}, and {@code profile}, one entry per layer and kind. */
        String toJson(int batch) {
            Map<String, ForwardProfile.Row> byName = new HashMap<>();
            rows.forEach(r -> byName.put(layerAndKind(r), r));
            return String.format(Locale.ROOT, ",%n\"profile_batch\": %d, \"profile_passes\": %d, \"profile_pass_ms\": %.3f, "
                    + "\"profile\": [%n  %s%n]", batch, passes, 1e3 * passSeconds,
                    groups(LayerProfile::layerAndKind).stream().map(g -> {
                        ForwardProfile.Row r = byName.get(g.name());
                        return String.format(Locale.ROOT, "{\"layer\": \"%s\", \"kind\": \"%s\", \"median_ms\": %.4f, "
                                + "\"share\": %.5f, \"flops\": %d, \"gflops\": %s}", r.layer(), r.kind().label(),
                                1e3 * g.seconds(), g.seconds() / passSeconds, 2 * g.macs(),
                                Double.isNaN(g.gflops()) ? "null" : String.format(Locale.ROOT, "%.2f", g.gflops()));
                    }).collect(Collectors.joining(",\n  ")));
        }
    }

    /**
     * Rounds of forward passes on several streams at once: one thread per instance with its share of
     * libtorch's intra-op threads, all starting together; a round lasts until the slowest stream is done.
     */
    static final class StreamRounds {

        private StreamRounds() {
        }

        /** Runs {@code warmup} untimed rounds, then fills {@code seconds} with the wall time of each timed one. */
        static void time(List<Forward> forwards, int warmup, double[] seconds) {
            int perStream = Math.max(1, LibtorchThreads.ofThisThread() / forwards.size());
            int rounds = warmup + seconds.length;
            CyclicBarrier barrier = new CyclicBarrier(forwards.size() + 1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (Forward f : forwards) {
                Thread t = new Thread(() -> {
                    try {
                        LibtorchThreads.setForThisThread(perStream);
                        for (int r = 0; r < rounds; r++) {
                            barrier.await();
                            f.run();
                            barrier.await();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.reset();
                    }
                }, "hares-bench-stream");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            try {
                for (int r = 0; r < rounds; r++) {
                    barrier.await();
                    long t0 = System.nanoTime();
                    barrier.await();
                    if (r >= warmup) {
                        seconds[r - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                }
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                Throwable cause = failure.get();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("a benchmark stream failed", cause != null ? cause : e);
            }
        }
    }

    /**
     * What the machine can do at best, to judge the model's GFLOP/s against: the fastest float32 GEMM
     * through the same libtorch (same threads, same allocator) and the CPU's theoretical FMA peak.
     */
    static final class ComputeCeiling {

        private ComputeCeiling() {
        }

        /** The best square sgemm over the sizes: {@code size} n, GFLOP/s = 2n³ / median seconds. */
        record Sgemm(int size, double gflops) {
        }

        /**
         * Times {@code C = A·B} for each n in {@code sizes} (after one untimed product at the first size) and
         * returns the fastest. Each size gets at least {@code repeats} products and at least half a second.
         */
        static Sgemm bestSgemm(List<Integer> sizes, int repeats) {
            Sgemm best = new Sgemm(0, 0);
            try (NDManager manager = NDManager.newBaseManager()) {
                boolean warm = false;
                for (int n : sizes) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray a = scope.randomUniform(-1, 1, new Shape(n, n));
                        NDArray b = scope.randomUniform(-1, 1, new Shape(n, n));
                        if (!warm) {
                            a.matMul(b).close();
                            warm = true;
                        }
                        double[] seconds = new double[repeats];
                        double total = 0;
                        int done = 0;
                        while (done < repeats || total < 0.5) {
                            long t0 = System.nanoTime();
                            NDArray c = a.matMul(b);
                            double s = (System.nanoTime() - t0) / 1e9;
                            c.close();
                            if (done < repeats) {
                                seconds[done] = s;
                            } else {
                                seconds[done % repeats] = Math.min(seconds[done % repeats], s);
                            }
                            total += s;
                            done++;
                        }
                        double gflops = 2.0 * n * n * n / BenchCommand.median(seconds) / 1e9;
                        if (gflops > best.gflops()) {
                            best = new Sgemm(n, gflops);
                        }
                    }
                }
            }
            return best;
        }

        /**
         * The CPU's float32 FMA peak from {@code /proc/cpuinfo}: cores × clock × vector lanes × 2 FMA
         * units × 2 FLOPs. The clock is the one the kernel reports (a VM's nominal clock; turbo may exceed it).
         */
        record CpuPeak(String model, int cores, double ghz, int lanes, double gflops) {

            static CpuPeak of(CpuInfo cpu, int cores) {
                int lanes = cpu.has("avx512f") ? 16 : cpu.has("avx") ? 8 : 4;
                double flopsPerCycle = lanes * 2.0 * (cpu.has("fma") ? 2 : 1);
                return new CpuPeak(cpu.model(), cores, cpu.mhz() / 1000, lanes, cores * cpu.mhz() / 1000 * flopsPerCycle);
            }

            static CpuPeak ofThisMachine() {
                return of(CpuInfo.ofThisMachine(), Runtime.getRuntime().availableProcessors());
            }

            String describe() {
                return String.format(Locale.ROOT, "%s: %d cores x %.2f GHz x %d lanes x 2 FMA units x 2 = %.0f GFLOP/s",
                        model, cores, ghz, lanes, gflops);
            }
        }
    }
}
