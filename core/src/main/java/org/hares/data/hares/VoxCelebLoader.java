package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 * VoxCeleb1 identification (tasks.md decision 3): {@code full} reads every line of iden_split.txt
 * over both extracted zips; {@code tfds} keeps only the files of the dev zip, as TFDS does.
 */
final class VoxCelebLoader implements TaskLoader {

    /** The 1,251 VoxCeleb1 speakers id10001 … id11251. */
    static final List<String> SPEAKERS = IntStream.rangeClosed(10001, 11251).mapToObj(i -> "id" + i).toList();
    static final String SPLIT_FILE = "iden_split.txt";
    static final List<String> DEV_TREES = List.of("vox1_dev_wav/wav", "vox_dev_wav/wav");
    static final List<String> TEST_TREES = List.of("vox1_test_wav/wav");
    static final String MERGED_TREE = "wav";

    @Override
    public String id() {
        return "voxceleb1";
    }

    @Override
    public List<String> variants() {
        return List.of("full", "tfds");
    }

    @Override
    public String defaultVariant() {
        return "full";
    }

    @Override
    public TaskSpec spec(String variant) {
        Protocol.Builder b = Protocol.task(id(), variant).domain(Domain.SPEECH)
                .classes(Protocol.classes("speaker", SPEAKERS))
                .crops(3.0)
                .source("classes", "the 1,251 speakers id10001-id11251 in id order");
        if (variant.equals("full")) {
            return b.source("split", "iden_split.txt over vox1_dev_wav and vox1_test_wav (1=train, 2=valid, 3=test; tasks.md decision 3)").build();
        }
        return b.source("split", "TFDS voxceleb: iden_split.txt restricted to the files of the dev zip (test 7,972)")
                .notComparable("TFDS dev-only construction drops the 40 test-zip speakers; the paper's 147k is the full split")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT/iden_split.txt                 lines '<1|2|3> idXXXXX/<youtube_id>/<nnnnn>.wav'
                ROOT/vox1_dev_wav/wav/idXXXXX/...   vox1_dev_wav.zip extracted (or vox_dev_wav/, TFDS's name)
                ROOT/vox1_test_wav/wav/idXXXXX/...  vox1_test_wav.zip extracted
                (ROOT/wav/ holding both zips merged is accepted by the full variant)
                variant tfds: only the dev tree is read; test-zip files are counted, not required""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return variant.equals("full") ? Map.of(Split.TRAIN, 138_361, Split.VALID, 6_904, Split.TEST, 8_251)
                : Map.of(Split.TRAIN, 134_000, Split.VALID, 6_670, Split.TEST, 7_972);
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        boolean tfds = spec.ref().variant().equals("tfds");
        Path splitFile = scan.metadata(SPLIT_FILE, "VoxCeleb1 identification split");
        List<Path> trees = new ArrayList<>();
        List<String> candidates = new ArrayList<>(DEV_TREES);
        if (!tfds) {
            candidates.addAll(TEST_TREES);
            candidates.add(MERGED_TREE);
        }
        for (String c : candidates) {
            Path t = scan.root().resolve(c);
            if (java.nio.file.Files.isDirectory(t)) {
                trees.add(t);
            }
        }
        if (trees.isEmpty()) {
            throw new DatasetLayoutException(scan.root().resolve(candidates.get(0)),
                    "no extracted VoxCeleb1 audio tree (expected one of " + candidates + " under " + scan.root() + ")");
        }
        List<Clip> clips = new ArrayList<>();
        List<java.util.Map<String, Path>> dirs = trees.stream().map(t -> (java.util.Map<String, Path>) new java.util.HashMap<String, Path>()).toList();
        long lineNo = 0;
        for (String line : Csv.lines(splitFile)) {
            lineNo++;
            int space = line.indexOf(' ');
            String[] parts = space < 0 ? new String[] {line} : new String[] {line.substring(0, space), line.substring(space + 1).trim()};
            if (parts.length != 2 || parts[0].length() != 1 || "123".indexOf(parts[0].charAt(0)) < 0 || parts[1].indexOf(' ') >= 0) {
                throw new DatasetLayoutException(splitFile, "line " + lineNo + ": expected '<1|2|3> idXXXXX/<youtube_id>/<nnnnn>.wav', found '" + line + "'");
            }
            String rel = parts[1];
            Split split = switch (parts[0].charAt(0)) {
                case '1' -> Split.TRAIN;
                case '2' -> Split.VALID;
                default -> Split.TEST;
            };
            int slash = rel.indexOf('/');
            int label = slash < 0 ? -1 : speakerIndex(rel.substring(0, slash));
            if (label < 0) {
                throw new DatasetLayoutException(splitFile, "line " + lineNo + ": speaker of '" + rel
                        + "' is not one of id10001-id11251");
            }
            scan.uniqueId(rel, splitFile);
            Path file = find(scan, trees, rel, dirs);
            if (file == null) {
                if (tfds) {
                    scan.note("iden_split files outside the dev zip (left out by the TFDS construction)", 1);
                    continue;
                }
                scan.audio(trees.get(0).resolve(rel), splitFile);
                continue;
            }
            clips.add(new Clip(rel, file, Segment.WHOLE, split, 0, new Labels.Single(label)));
        }
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    /** Index of idNNNNN in {@link #SPEAKERS}, or -1. */
    static int speakerIndex(String speaker) {
        if (speaker.length() != 7 || !speaker.startsWith("id")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(speaker.substring(2));
            return n >= 10001 && n <= 11251 ? n - 10001 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file of {@code rel} in the first tree holding it; folder Paths are cached per tree (153k clips, 22k folders). */
    private static Path find(Scan scan, List<Path> trees, String rel, List<java.util.Map<String, Path>> dirs) {
        int slash = rel.lastIndexOf('/');
        String dirRel = slash < 0 ? "" : rel.substring(0, slash);
        String name = rel.substring(slash + 1);
        for (int i = 0; i < trees.size(); i++) {
            Path t = trees.get(i);
            Path dir = dirs.get(i).computeIfAbsent(dirRel, d -> d.isEmpty() ? t : t.resolve(d));
            if (scan.files.claim(dir, name)) {
                return dir.resolve(name);
            }
        }
        return null;
    }
}
