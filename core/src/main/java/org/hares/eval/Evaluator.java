package org.hares.eval;

import org.hares.Progress;
import org.hares.embed.AudioWindower;
import org.hares.embed.EmbeddingCache;
import org.hares.embed.EmbeddingExtractor;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.ExtractionRun;
import org.hares.embed.StageTimes;
import org.hares.eval.heads.Classifier;
import org.hares.eval.heads.ClipScorer;
import org.hares.eval.heads.EmbeddingSet;
import org.hares.eval.heads.FastProtocol;
import org.hares.eval.heads.LinearSvm;
import org.hares.eval.heads.OutputLayout;
import org.hares.eval.heads.PaperHeadTrainer;
import org.hares.eval.heads.PaperSchedule;
import org.hares.eval.report.EvalResults;
import org.hares.eval.report.HaresScore;
import org.hares.eval.report.TaskResult;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.hares.data.ClipFiles;
import org.hares.data.DatasetLayoutException;
import org.hares.data.TaskRef;
import org.hares.embed.NonFiniteEmbeddingException;
import org.hares.embed.UndecodableClipsException;
import org.hares.model.weights.CheckpointMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hares.audio.AudioDecodeException;
import org.hares.audio.AudioReader;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.Labels;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskSpec;
import org.hares.data.hares.HaresTasks;
import org.hares.embed.StageTimes.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs HARES for one model: for every task present, embeds its clips (cached), trains the heads of
 * the chosen protocol for each seed, scores the test clips, and combines the HARES score. This is
 * the entry point {@code hares eval} and {@code hares demo} call.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private static final String CROP_NOTE = "the paper draws a fresh random crop per step; with a frozen encoder "
            + "and a cache, each training clip has a pool of %d seeded random crops and every step draws one of them";

    private final EvalConfig config;
    private final PrintWriter progressOut;
    private final TrainingMemory memory;
    /** Where splits' embeddings come from instead of the audio; null: extract them (cached). */
    private final PrecomputedEmbeddings precomputed;
    private final StageTimes times = new StageTimes();
    /** The current task's fast-protocol fits, and those that stopped at the iteration cap. */
    private int fastFits;
    private int fastFitsCapped;
    /** The current task's clip files left out by the pre-flight (absent, empty, unreadable). */
    private Set<Path> skipped = Set.of();
    private final List<TasksFailedException.Failure> failures = new ArrayList<>();

    /** @param progressOut where progress lines go (stderr in the CLI); null for none */
    public Evaluator(EvalConfig config, PrintWriter progressOut) {
        this(config, progressOut, TrainingMemory.ofThisJvm());
    }

    Evaluator(EvalConfig config, PrintWriter progressOut, TrainingMemory memory) {
        this(config, progressOut, memory, null);
    }

    private Evaluator(EvalConfig config, PrintWriter progressOut, TrainingMemory memory, PrecomputedEmbeddings precomputed) {
        this.config = config;
        this.progressOut = progressOut;
        this.memory = memory;
        this.precomputed = precomputed;
    }

    /** This evaluator reading every split's embeddings from {@code source} (e.g. the Spark job's Parquet) instead of the audio. */
    public Evaluator withPrecomputed(PrecomputedEmbeddings source) {
        return new Evaluator(config, progressOut, memory, java.util.Objects.requireNonNull(source, "source"));
    }

    /** Evaluates the HARES datasets the user selected; tasks not selected are reported missing. */
    public EvalResults evaluate(EmbeddingModel model, List<DatasetSelection> selections) {
        return evaluateSources(model, selections.stream().map(TaskSource::of).toList(), HaresTasks.suite());
    }

    /** Evaluates the given tasks against a suite of task ids (tests use synthetic tasks). */
    public EvalResults evaluateSources(EmbeddingModel model, List<TaskSource> sources, Map<String, Domain> suite) {
        long start = System.nanoTime();
        String created = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        failures.clear();
        skipped = Set.of();
        requireFolders(sources);
        Map<String, String> missing = new LinkedHashMap<>();
        List<TaskResult> results = new ArrayList<>();
        List<Task> tasks = sources.stream().map(s -> s.loader().get()).toList();
        // before any embedding: every task's memory need, and every clip file's presence and size
        int[] crops = tasks.stream().mapToInt(t -> trainCrops(t, model)).toArray();
        List<Map<Path, String>> unreadable = tasks.stream().map(this::preflight).toList();
        // one set of worker threads and model streams for the whole run (the streams open on the first batch)
        try (ExtractionRun run = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(config.batchSize(), config.threads(),
                config.skipBadAudio(), config.streams()), times).open()) {
            for (int i = 0; i < tasks.size(); i++) {
                TaskRef ref = tasks.get(i).spec().ref();
                try {
                    results.add(evaluateTask(model, run, tasks.get(i), crops[i], unreadable.get(i)));
                } catch (NonFiniteEmbeddingException | CheckpointMismatchException e) {
                    // the model itself is at fault: every later task would fail the same way
                    fail(ref, e, missing);
                    for (Task later : tasks.subList(i + 1, tasks.size())) {
                        missing.put(later.spec().ref().id(), "not run: the run stopped when the model failed on " + ref);
                    }
                    break;
                } catch (RuntimeException e) {
                    fail(ref, e, missing);
                } catch (OutOfMemoryError e) {
                    fail(ref, new InsufficientMemoryException("the Java heap ran out during " + ref + " (" + e.getMessage()
                            + "): lower --batch-size or --threads, or raise the heap (HARES_JAVA_OPTS=-Xmx<size>)"), missing);
                }
            }
        }
        for (String id : suite.keySet()) {
            if (results.stream().noneMatch(r -> r.id().equals(id)) && !missing.containsKey(id)) {
                missing.put(id, "not selected");
            }
        }
        List<TaskResult> ordered = new ArrayList<>();
        for (String id : suite.keySet()) {
            results.stream().filter(r -> r.id().equals(id)).forEach(ordered::add);
        }
        HaresScore hares = HaresScore.of(suite, ordered);
        // tasks outside the suite (HEAR task folders) are reported after it and never counted in the score
        results.stream().filter(r -> !suite.containsKey(r.id())).forEach(ordered::add);
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("name", model.name());
        modelInfo.put("fingerprint", model.fingerprint());
        modelInfo.put("embedding_size", model.embeddingSize());
        modelInfo.put("sample_rate", model.sampleRate());
        modelInfo.putAll(model.provenance());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("created", created);
        provenance.put("protocol", config.protocol().id());
        provenance.put("seeds", config.seeds());
        provenance.put("first_seed", config.seed());
        provenance.put("train_crops_per_clip", config.trainCrops());
        provenance.put("train_crops_note", String.format(CROP_NOTE, config.trainCrops()));
        provenance.put("eval_aggregation", "mean over a clip's windows of the head's probabilities (SVM: decision values); "
                + "last partial window zero-padded");
        config.limit().ifPresent(l -> provenance.put("limit_clips_per_split", l));
        config.steps().ifPresent(s -> provenance.put("steps_override", s));
        config.headBatchSize().ifPresent(b -> provenance.put("head_batch_override", b));
        provenance.put("cache", config.cacheRoot().toString());
        provenance.put("frontend", config.frontend().toString());
        provenance.put("threads", config.threads());
        provenance.put("streams", EmbeddingExtractor.streams(model, config.streams()));
        provenance.put("batch_size", config.batchSize());
        provenance.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        provenance.put("stage_seconds", times.toMap());
        double busy = times.seconds(Stage.MODEL);
        double idle = times.seconds(Stage.MODEL_WAITING);
        if (busy + idle > 0) {
            // share of the streams' time while splits were being embedded (N x that wall time) spent in forward passes
            provenance.put("model_busy_share", busy / (busy + idle));
        }
        provenance.put("java", System.getProperty("java.version"));
        return new EvalResults(modelInfo, hares, ordered, missing, provenance);
    }

    /** Tasks of the last run that failed mid-run (their results are missing; the others were kept). */
    public List<TasksFailedException.Failure> failures() {
        return List.copyOf(failures);
    }

    private void fail(TaskRef ref, RuntimeException e, Map<String, String> missing) {
        TasksFailedException.Failure f = new TasksFailedException.Failure(ref, e);
        LOG.error("{} failed, going on with the other tasks: {}", ref, f.reason());
        LOG.debug("{} failed", ref, e);
        failures.add(f);
        missing.put(ref.id(), "failed: " + f.reason());
    }

    /** A --task folder that does not exist is a typo, not a task to report missing: refused before any work. */
    private static void requireFolders(List<TaskSource> sources) {
        List<TaskSource> absent = sources.stream().filter(s -> !Files.isDirectory(s.root())).toList();
        if (!absent.isEmpty()) {
            throw new DatasetLayoutException(absent.get(0).root(), "no such dataset folder for " + absent.get(0).ref()
                    + " (expected an existing folder for every task given)" + (absent.size() == 1 ? "" : "; also absent: "
                    + absent.subList(1, absent.size()).stream().map(s -> s.ref() + "=" + s.root()).collect(Collectors.joining(", "))));
        }
    }

    /**
     * The task's clip files that are absent, empty or unreadable (those its run would use): refused
     * here, before any embedding, unless bad audio is skipped, in which case they are left out and listed.
     */
    private Map<Path, String> preflight(Task task) {
        if (precomputed != null) {
            return Map.of(); // the embeddings exist already; the audio is not needed (nor, often, present)
        }
        Set<Clip> used = new LinkedHashSet<>(limit(task.clips()));
        for (Split split : Split.values()) {
            used.addAll(limit(task.clips(split)));
        }
        Progress progress = new Progress(progressOut, "check files " + task.spec().ref(),
                used.stream().map(Clip::file).distinct().count(), "files");
        Map<Path, String> bad = ClipFiles.unreadable(used, n -> progress.advance(1));
        progress.finish();
        if (!bad.isEmpty() && !(config.skipBadAudio() || task.skipBadAudio())) {
            throw new UndecodableClipsException(task.spec().ref().toString(), bad.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList());
        }
        return bad;
    }

    public StageTimes times() {
        return times;
    }

    /**
     * Embeds, trains and scores one task.
     *
     * @param crops training crops per clip (see {@link #trainCrops})
     */
    private TaskResult evaluateTask(EmbeddingModel model, ExtractionRun run, Task task, int crops, Map<Path, String> unreadable) {
        fastFits = 0;
        fastFitsCapped = 0;
        skipped = unreadable.keySet();
        TaskSpec spec = task.spec();
        OutputLayout layout = OutputLayout.of(spec);
        List<Clip> all = task.clips();
        boolean folded = all.stream().anyMatch(c -> c.fold() > 0);
        List<String> bad = new ArrayList<>();
        unreadable.forEach((file, why) -> bad.add(file + ": " + why));
        Map<String, String> provenance = new LinkedHashMap<>(spec.provenance());
        List<Double> seedScores = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        int nTrain;
        int nTest;
        if (folded) {
            Embedded embedded = embed(model, run, task, layout, List.of(new SplitPlan(limit(all), AudioWindower.Role.EVAL, 0, "all")),
                    bad).get(0);
            EmbeddingSet everything = embedded.set();
            int[] folds = embedded.folds();
            nTrain = everything.clips();
            nTest = everything.clips();
            for (int s = 0; s < config.seeds(); s++) {
                FoldOutcome o = evaluateFolds(spec, everything, folds, task.validatesOnNextFold(), config.seed() + s);
                seedScores.add(100 * o.mean());
                extra.putAll(o.extra());
            }
            provenance.put("folds", task.validatesOnNextFold()
                    ? "HEAR's rotation: test on each fold, validate on the next, train on the rest; mean over folds"
                    : "train on the other folds, test on each fold, mean over folds");
        } else {
            if (crops < config.trainCrops()) {
                LOG.warn("{}: {} training crops per clip instead of {}, so that its training embeddings fit this JVM's memory",
                        spec.ref(), crops, config.trainCrops());
                provenance.put("train_crops_used", crops + " per clip (of " + config.trainCrops() + ", to fit memory)");
            }
            List<SplitPlan> plans = new ArrayList<>(List.of(
                    new SplitPlan(limit(task.clips(Split.TRAIN)), AudioWindower.Role.TRAIN_CROPS, crops, "train"),
                    new SplitPlan(limit(task.clips(Split.TEST)), AudioWindower.Role.EVAL, 0, "test")));
            List<Clip> validClips = limit(task.clips(Split.VALID));
            if (config.protocol() == EvalProtocol.FAST && !validClips.isEmpty()) {
                plans.add(new SplitPlan(validClips, AudioWindower.Role.EVAL, 0, "valid"));
            }
            List<Embedded> embedded = embed(model, run, task, layout, plans, bad);
            EmbeddingSet train = embedded.get(0).set();
            EmbeddingSet test = embedded.get(1).set();
            Optional<EmbeddingSet> valid = embedded.size() > 2 ? Optional.of(embedded.get(2).set()) : Optional.empty();
            nTrain = train.clips();
            nTest = test.clips();
            for (int s = 0; s < config.seeds(); s++) {
                long t0 = System.nanoTime();
                Head h = trainHead(spec, train, valid, config.seed() + s);
                ClipScorer.Scored scored = ClipScorer.score(spec.metric(), h.classifier().clipScores(test), test);
                times.add(Stage.HEADS, System.nanoTime() - t0);
                seedScores.add(100 * scored.value());
                extra.putAll(scored.extra());
                extra.putAll(h.extra());
            }
        }
        provenance.putAll(headProvenance(spec));
        provenance.put("train_crops", String.format(CROP_NOTE, config.trainCrops()));
        double mean = seedScores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Double std = seedScores.size() < 2 ? null : Math.sqrt(seedScores.stream()
                .mapToDouble(v -> (v - mean) * (v - mean)).sum() / (seedScores.size() - 1));
        boolean comparable = spec.comparableWithPaper() && config.protocol() == EvalProtocol.PAPER
                && config.limit().isEmpty() && config.steps().isEmpty() && config.headBatchSize().isEmpty();
        if (!comparable) {
            provenance.put("not_comparable_because", notComparableReason(spec));
        }
        LOG.info("{}: {} {} = {}{}", spec.ref(), config.protocol().id(), spec.metric().id(), String.format("%.2f", mean),
                fastFitsCapped == 0 ? "" : String.format(" (L-BFGS stopped at the %d-iteration cap before converging in %d of %d "
                        + "fits, as scikit-learn's max_iter would; --fast-max-iter raises it)",
                        config.fastMaxIterations(), fastFitsCapped, fastFits));
        return new TaskResult(spec.ref(), spec.domain(), spec.metric(), mean, std, seedScores, comparable, nTrain, nTest,
                extra, bad, provenance);
    }

    private String notComparableReason(TaskSpec spec) {
        List<String> reasons = new ArrayList<>();
        if (!spec.comparableWithPaper()) {
            reasons.add("the dataset construction differs from the paper's (" + spec.ref() + ")");
        }
        if (config.protocol() != EvalProtocol.PAPER) {
            reasons.add("fast protocol");
        }
        config.limit().ifPresent(l -> reasons.add("--limit " + l));
        config.steps().ifPresent(s -> reasons.add("steps overridden to " + s));
        config.headBatchSize().ifPresent(b -> reasons.add("head batch overridden to " + b));
        return String.join("; ", reasons);
    }

    private Map<String, String> headProvenance(TaskSpec spec) {
        Map<String, String> p = new LinkedHashMap<>();
        if (config.protocol() == EvalProtocol.FAST) {
            p.put("head", "L2 logistic regression (L-BFGS) on standardised embeddings, C from " + config.fastC()
                    + " chosen on validation (a seeded 10% of train when there is none)");
            return p;
        }
        PaperSchedule schedule = schedule(spec);
        p.put("head", switch (spec.head()) {
            case SOFTMAX -> "linear, softmax";
            case SIGMOID -> "linear, sigmoid";
            case SLOTS -> "one linear softmax head per slot; correct only if every slot is";
            case MLP_512 -> "MLP, one hidden layer of 512 ReLU units, sigmoid";
            case SVM -> "linear SVM (LIBLINEAR), C swept over " + LinearSvm.PAPER_C_SWEEP + " on fold 1";
        });
        if (spec.head() != HeadType.SVM) {
            p.put("schedule", "Adam, " + schedule.steps() + " steps, batch " + schedule.batchSize() + ", linear warm-up over "
                    + schedule.warmupSteps() + " steps to " + schedule.peakRate() + ", cosine decay to 0");
        }
        return p;
    }

    private Progress headProgress(TaskSpec spec, long seed) {
        return new Progress(progressOut, "head " + spec.ref() + " seed " + seed, schedule(spec).steps(), "steps");
    }

    private PaperSchedule schedule(TaskSpec spec) {
        return PaperSchedule.of(config.steps().orElse(spec.steps()), config.headBatchSize().orElse(spec.batchSize()));
    }

    /** A trained head and what to report about its selection. */
    private record Head(Classifier classifier, Map<String, Object> extra) {}

    private Head trainHead(TaskSpec spec, EmbeddingSet train, Optional<EmbeddingSet> valid, long seed) {
        if (config.protocol() == EvalProtocol.FAST) {
            return fastHead(spec, train, valid, seed);
        }
        return switch (spec.head()) {
            case SVM -> {
                // no folds: choose C on a seeded 10 % of train, then train on all of it
                FastProtocol.Holdout h = FastProtocol.holdout(train, seed);
                double best = bestSvmC(spec, h.fit(), h.check(), seed);
                yield new Head(LinearSvm.train(train, best, seed), Map.of("svm_c", best));
            }
            case MLP_512 -> new Head(PaperHeadTrainer.train(train, 512, schedule(spec), seed, headProgress(spec, seed)), Map.of());
            default -> new Head(PaperHeadTrainer.train(train, 0, schedule(spec), seed, headProgress(spec, seed)), Map.of());
        };
    }

    private Head fastHead(TaskSpec spec, EmbeddingSet train, Optional<EmbeddingSet> valid, long seed) {
        FastProtocol.Fitted f = FastProtocol.fit(spec.metric(), train, valid, config.fastC(), config.fastMaxIterations(), seed);
        fastFits++;
        if (Boolean.FALSE.equals(f.extra().get("fast_converged"))) {
            fastFitsCapped++;
        }
        return new Head(f.head(), f.extra());
    }

    private double bestSvmC(TaskSpec spec, EmbeddingSet fit, EmbeddingSet check, long seed) {
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double c : LinearSvm.PAPER_C_SWEEP) {
            LinearSvm svm = LinearSvm.train(fit, c, seed);
            double s = ClipScorer.score(spec.metric(), svm.clipScores(check), check).value();
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    private record FoldOutcome(double mean, Map<String, Object> extra) {}

    /** @param validOnNext hold out the next fold (cyclically) for validation, as HEAR's k-fold does */
    private FoldOutcome evaluateFolds(TaskSpec spec, EmbeddingSet all, int[] folds, boolean validOnNext, long seed) {
        long t0 = System.nanoTime();
        int[] foldIds = Arrays.stream(folds).distinct().sorted().toArray();
        Map<String, Object> extra = new LinkedHashMap<>();
        Double svmC = null;
        if (config.protocol() == EvalProtocol.PAPER && spec.head() == HeadType.SVM) {
            svmC = bestSvmC(spec, select(all, folds, foldIds[0], false), select(all, folds, foldIds[0], true), seed);
            extra.put("svm_c", svmC);
            extra.put("svm_c_chosen_on_fold", foldIds[0]);
        }
        Map<String, Object> perFold = new LinkedHashMap<>();
        Map<String, Object> perFoldC = new LinkedHashMap<>();
        double sum = 0;
        for (int k = 0; k < foldIds.length; k++) {
            int f = foldIds[k];
            int validFold = validOnNext ? foldIds[(k + 1) % foldIds.length] : f;
            EmbeddingSet train = all.subset(java.util.stream.IntStream.range(0, folds.length)
                    .filter(i -> folds[i] != f && folds[i] != validFold).toArray());
            EmbeddingSet test = select(all, folds, f, true);
            Optional<EmbeddingSet> valid = validOnNext ? Optional.of(select(all, folds, validFold, true)) : Optional.empty();
            Classifier head;
            if (svmC != null) {
                head = LinearSvm.train(train, svmC, seed);
            } else {
                Head h = trainHead(spec, train, valid, seed);
                head = h.classifier();
                if (h.extra().containsKey("fast_c")) {
                    perFoldC.put(Integer.toString(f), h.extra().get("fast_c"));
                    extra.put("fast_validation", h.extra().get("fast_validation"));
                }
            }
            double v = ClipScorer.score(spec.metric(), head.clipScores(test), test).value();
            perFold.put(Integer.toString(f), 100 * v);
            sum += v;
        }
        extra.put("fold_scores", perFold);
        if (!perFoldC.isEmpty()) {
            extra.put("fold_fast_c", perFoldC);
        }
        times.add(Stage.HEADS, System.nanoTime() - t0);
        return new FoldOutcome(sum / foldIds.length, extra);
    }

    private static EmbeddingSet select(EmbeddingSet all, int[] folds, int fold, boolean inFold) {
        return all.subset(java.util.stream.IntStream.range(0, folds.length).filter(i -> (folds[i] == fold) == inFold).toArray());
    }

    /** A split's embeddings and the fold of each of its clips. */
    private record Embedded(EmbeddingSet set, int[] folds) {}

    /** The first N clips of each fold (ESC-50 holds out one fold at a time, so every fold must keep clips). */
    private List<Clip> limit(List<Clip> all) {
        List<Clip> clips = skipped.isEmpty() ? all : all.stream().filter(c -> !skipped.contains(c.file())).toList();
        if (config.limit().isEmpty()) {
            return clips;
        }
        Map<Integer, Integer> taken = new java.util.HashMap<>();
        return clips.stream().filter(c -> taken.merge(c.fold(), 1, Integer::sum) <= config.limit().getAsInt()).toList();
    }

    /**
     * Training crops per clip for a task with a train split: the configured pool, unless the task's training
     * embeddings would not fit in memory (see {@link TrainingMemory}).
     */
    private int trainCrops(Task task, EmbeddingModel model) {
        List<Clip> train = limit(task.clips(Split.TRAIN));
        if (train.isEmpty()) {
            return config.trainCrops();
        }
        // a clip no longer than a crop gives one crop whatever the pool (Speech Commands): such tasks need far less
        int perClip = noLongerThan(train, task.spec().trainCropSeconds()) ? 1 : config.trainCrops();
        int fitting = memory.cropsPerClip(task.spec().ref(), train.size(), model.embeddingSize(), perClip);
        return fitting < perClip ? fitting : config.trainCrops();
    }

    /** Whether a sample of up to 16 evenly spaced clips (durations from the file headers) are all at most this long. */
    private static boolean noLongerThan(List<Clip> clips, double seconds) {
        int probes = Math.min(16, clips.size());
        int probed = 0;
        for (int i = 0; i < probes; i++) {
            Clip clip = clips.get((int) ((long) i * clips.size() / probes));
            double duration;
            try {
                duration = clip.segment().isWholeFile() ? AudioReader.probe(clip.file()).durationSeconds()
                        : clip.segment().durationSeconds();
            } catch (AudioDecodeException e) {
                continue; // a bad file is reported when it is embedded
            }
            if (!(duration <= seconds + 1e-3)) {
                return false;
            }
            probed++;
        }
        return probed > 0;
    }

    /**
     * A split to embed.
     *
     * @param crops training crops per clip (role TRAIN_CROPS)
     */
    private record SplitPlan(List<Clip> clips, AudioWindower.Role role, int crops, String name) {}

    /**
     * Embeds a task's splits, in order: extracted on the run, each one's decoding starting while the last batches
     * of the one before are still on the model streams, or read from the precomputed embeddings.
     */
    private List<Embedded> embed(EmbeddingModel model, ExtractionRun run, Task task, OutputLayout layout, List<SplitPlan> plans,
            List<String> bad) {
        TaskSpec spec = task.spec();
        for (SplitPlan p : plans) {
            if (p.clips().isEmpty()) {
                throw new org.hares.data.DatasetLayoutException(java.nio.file.Path.of(spec.id()),
                        "the " + p.name() + " split of " + spec.ref() + " has no clips (expected at least one)");
            }
        }
        List<EmbeddingExtractor.Result> results = precomputed != null
                ? plans.stream().map(p -> precomputed.split(spec, p.name(), p.clips(), p.role())).toList()
                : run.extract(plans.stream().map(p -> job(model, task, p)).toList());
        List<Embedded> embedded = new ArrayList<>();
        for (EmbeddingExtractor.Result r : results) {
            bad.addAll(r.bad());
            embedded.add(embedded(model, layout, r));
        }
        return embedded;
    }

    private Embedded embedded(EmbeddingModel model, OutputLayout layout, EmbeddingExtractor.Result r) {
        int dim = model.embeddingSize();
        int rows = r.windows().stream().mapToInt(Integer::intValue).sum();
        float[] x = new float[rows * dim];
        int[] starts = new int[r.clips().size() + 1];
        float[] targets = new float[r.clips().size() * layout.width()];
        int[] folds = new int[r.clips().size()];
        int row = 0;
        List<float[]> perClip = r.embeddings();
        for (int i = 0; i < r.clips().size(); i++) {
            float[] e = perClip.get(i);
            System.arraycopy(e, 0, x, row * dim, e.length);
            perClip.set(i, null); // copied: let it go, so the split is not held twice at its largest
            row += r.windows().get(i);
            starts[i + 1] = row;
            writeTargets(r.clips().get(i), layout, targets, i * layout.width());
            folds[i] = r.clips().get(i).fold();
        }
        return new Embedded(new EmbeddingSet(x, dim, starts, targets, layout), folds);
    }

    private ExtractionRun.Job job(EmbeddingModel model, Task task, SplitPlan p) {
        TaskSpec spec = task.spec();
        AudioWindower windower = new AudioWindower(spec, p.role(), model.sampleRate(), Math.max(1, p.crops()), config.seed());
        EmbeddingCache.Split cache = new EmbeddingCache(config.cacheRoot()).forWindows(model, spec, windower, task.root(), p.name());
        return new ExtractionRun.Job(spec.ref() + " " + p.name(), p.clips(), windower, cache,
                () -> new Progress(progressOut, "embed " + spec.ref() + " " + p.name(), p.clips().size(), "clips"),
                config.skipBadAudio() || task.skipBadAudio());
    }

    private static void writeTargets(Clip clip, OutputLayout layout, float[] targets, int offset) {
        Labels labels = clip.labels();
        if (labels instanceof Labels.Single s) {
            check(clip, s.index(), layout.width());
            targets[offset + s.index()] = 1;
        } else if (labels instanceof Labels.Multi m) {
            for (int k : m.indices()) {
                check(clip, k, layout.width());
                targets[offset + k] = 1;
            }
        } else if (labels instanceof Labels.Slots sl) {
            int[] idx = sl.indices();
            if (idx.length != layout.groupCount()) {
                throw new IllegalArgumentException(clip.id() + ": " + idx.length + " slots, the task has " + layout.groupCount());
            }
            for (int g = 0; g < idx.length; g++) {
                check(clip, idx[g], layout.groups()[g]);
                targets[offset + layout.groupStart(g) + idx[g]] = 1;
            }
        }
    }

    private static void check(Clip clip, int index, int size) {
        if (index >= size) {
            throw new IllegalArgumentException(clip.id() + ": class index " + index + " outside the task's " + size + " classes");
        }
    }
}
