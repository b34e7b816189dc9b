package org.hares.data.hares;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/**
 * VoxForge language id with TFDS's speaker-grouped split (tasks.md decision 4): speaker = archive
 * name before the first '-', sorted unique speakers shuffled by numpy's legacy
 * {@code RandomState(0).shuffle}, cut at {@code int(0.7n)} and {@code int(0.8n)} (computed as
 * TFDS does, by accumulating 0.7 + 0.1 in doubles). The speaker universe is voxforge_urls.txt when
 * present, so a partial download does not shift the split.
 */
final class VoxForgeLoader implements TaskLoader {

    static final List<String> LANGUAGES = List.of("de", "en", "es", "fr", "it", "ru");
    static final String URLS = "voxforge_urls.txt";
    static final double[] SPLIT_PROBS = {0.7, 0.1, 0.2};
    static final Split[] SPLITS = {Split.TRAIN, Split.VALID, Split.TEST};

    @Override
    public String id() {
        return "voxforge";
    }

    @Override
    public TaskSpec spec(String variant) {
        return Protocol.task(id(), variant).domain(Domain.SPEECH)
                .classes(Protocol.classes("language", LANGUAGES))
                .crops(3.0)
                .source("split", "TFDS voxforge: speakers grouped, numpy RandomState(0).shuffle, 70/10/20 (tasks.md decision 4)")
                .source("classes", "TFDS voxforge LABELS order; label = the 2 characters before '/Trunk' in the archive path")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT/voxforge_urls.txt   (recommended) TFDS's archive list: fixes the speaker universe of the split
                ROOT/<host>/<path>/<archive>.tgz  as fetched by 'wget -i voxforge_urls.txt -x', each extracted beside
                  its .tgz into <archive>/ (e.g. .../de/Trunk/Audio/Main/16kHz_16bit/anonymous-20081027-ahc/wav/*.wav)
                archives listed but not downloaded are counted (partial download); a .tgz must be extracted to be read""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of();
    }

    /** One archive of the universe: its path relative to the root (ending .tgz), language and speaker. */
    private record Archive(String rel, int language, String speaker) {
        String name() {
            return rel.substring(rel.lastIndexOf('/') + 1);
        }
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        Path urls = scan.root().resolve(URLS);
        List<Archive> universe = Files.isRegularFile(urls) ? fromUrls(urls) : discovered(scan);
        if (universe.isEmpty()) {
            throw new DatasetLayoutException(scan.root(), "no VoxForge archives found (expected " + URLS
                    + " or <path>/<xx>/Trunk/.../<archive>.tgz or its extracted folder under the root)");
        }
        Map<String, Split> splitOfSpeaker = splitSpeakers(universe.stream().map(Archive::speaker).toList());
        List<Clip> clips = new ArrayList<>();
        for (Archive a : universe) {
            Path tgz = scan.root().resolve(a.rel());
            Path dir = scan.root().resolve(a.rel().substring(0, a.rel().length() - ".tgz".length()));
            if (!Files.isDirectory(dir)) {
                if (Files.isRegularFile(tgz)) {
                    if (!selection.skipBadFiles()) {
                        throw new DatasetLayoutException(tgz, "archive not extracted: expected the folder " + dir
                                + " (run: tar xzf " + tgz + " -C " + tgz.getParent() + "), or pass --skip-bad-audio");
                    }
                    scan.note("archives not extracted (skipped)", 1);
                } else {
                    scan.note("archives of the universe not downloaded (partial download)", 1);
                }
                continue;
            }
            Split split = splitOfSpeaker.get(a.speaker());
            String lang = LANGUAGES.get(a.language());
            for (Path wav : wavs(dir)) {
                String wavName = wav.getFileName().toString();
                String id = lang + "_" + a.name() + "_" + wavName.substring(0, wavName.length() - 4);
                scan.uniqueId(id, dir);
                clips.add(new Clip(id, wav, Segment.WHOLE, split, 0, new Labels.Single(a.language())));
            }
        }
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    /** TFDS's _get_inter_splits_by_group for one seed (0) and the 0.7/0.1/0.2 probabilities. */
    static Map<String, Split> splitSpeakers(List<String> speakers) {
        List<String> groups = new ArrayList<>(new TreeSet<>(speakers));
        new NumpyRandomState(0).shuffle(groups);
        int n = groups.size();
        Map<String, Split> out = new HashMap<>();
        double sum = 0;
        for (int s = 0; s < SPLIT_PROBS.length; s++) {
            double prev = sum;
            sum += SPLIT_PROBS[s];
            int start = (int) (prev * n);
            int end = s == SPLIT_PROBS.length - 1 ? n : (int) (sum * n);
            for (int i = start; i < end; i++) {
                out.put(groups.get(i), SPLITS[s]);
            }
        }
        return out;
    }

    private static List<Archive> fromUrls(Path urls) {
        Map<String, Archive> out = new TreeMap<>();
        long lineNo = 0;
        for (String line : Csv.lines(urls)) {
            lineNo++;
            String url = line.replace("\"", "").replace("'", "");
            int scheme = url.indexOf("://");
            String rel = scheme >= 0 ? url.substring(scheme + 3) : url;
            if (!rel.endsWith(".tgz")) {
                throw new DatasetLayoutException(urls, "line " + lineNo + ": expected an archive URL ending .tgz, found '" + line + "'");
            }
            out.put(rel, archive(rel, urls, lineNo));
        }
        return new ArrayList<>(out.values());
    }

    /** Without the URL list: every .tgz, and every extracted archive folder (one holding a wav/ folder) under a Trunk path. */
    private static List<Archive> discovered(Scan scan) {
        scan.warn("no " + URLS + " in " + scan.root() + ": the split universe is the archives found, so a partial"
                + " download shifts the split (put TFDS's voxforge_urls.txt there)");
        Map<String, Archive> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(scan.root())) {
            walk.forEach(p -> {
                String rel = scan.root().relativize(p).toString().replace('\\', '/');
                if (!rel.contains("/Trunk/")) {
                    return;
                }
                if (rel.endsWith(".tgz") && Files.isRegularFile(p)) {
                    out.putIfAbsent(rel, archive(rel, p, 0));
                } else if (Files.isDirectory(p.resolve("wav"))) {
                    out.putIfAbsent(rel + ".tgz", archive(rel + ".tgz", p, 0));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + scan.root(), e);
        }
        return new ArrayList<>(out.values());
    }

    private static Archive archive(String rel, Path source, long lineNo) {
        int trunk = rel.indexOf("/Trunk");
        String lang = trunk >= 2 ? rel.substring(trunk - 2, trunk) : "";
        int language = LANGUAGES.indexOf(lang);
        if (language < 0) {
            throw new DatasetLayoutException(source, (lineNo > 0 ? "line " + lineNo + ": " : "") + "language '" + lang
                    + "' of " + rel + " is not one of " + LANGUAGES + " (read from the 2 characters before /Trunk)");
        }
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        return new Archive(rel, language, name.split("-", 2)[0]);
    }

    private static List<Path> wavs(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".wav") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir, e);
        }
    }
}
