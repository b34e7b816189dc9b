package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;

/**
 * Birdsong (DCASE 2018 task 3 development data: freefield1010, warblrb10k, BirdVox-DCASE-20k).
 * The paper's Tagliasacchi et al. split comes as the user's split file; without it, the seeded
 * stratified clip-level fallback (variant {@code random}), not comparable with the paper.
 */
final class BirdsongLoader implements TaskLoader {

    /** One corpus: its label table, its audio folder and its official clip count. */
    record Corpus(String name, String table, String audioDir, int clips) {
    }

    static final List<Corpus> CORPORA = List.of(
            new Corpus("freefield1010", "ff1010bird_metadata_2018.csv", "ff1010bird/wav", 7_690),
            new Corpus("warblrb10k", "warblrb10k_public_metadata_2018.csv", "warblrb10k_public/wav", 8_000),
            new Corpus("BirdVox-DCASE-20k", "BirdVoxDCASE20k_csvpublic.csv", "BirdVox-DCASE-20k/wav", 20_000));
    static final List<String> CLASSES = List.of("no_bird", "bird");

    @Override
    public String id() {
        return "birdsong";
    }

    @Override
    public List<String> variants() {
        return List.of(TaskRef.DEFAULT_VARIANT, "random");
    }

    @Override
    public String defaultVariant() {
        return "random";
    }

    @Override
    public boolean acceptsSplitFile() {
        return true;
    }

    @Override
    public TaskSpec spec(String variant) {
        Protocol.Builder b = Protocol.task(id(), variant).domain(Domain.ENVIRONMENT)
                .classes(Protocol.classes("hasbird", CLASSES))
                .crops(1.0)
                .source("classes", "hasbird 0 -> no_bird, 1 -> bird");
        if (variant.equals("random")) {
            return b.fallbackRandomSplit().build();
        }
        return b.source("split", "the user's split file (file,split), e.g. the Tagliasacchi et al. split linked from DM-README").build();
    }

    @Override
    public String layout() {
        return """
                ROOT/ff1010bird_metadata_2018.csv          itemid,datasetid,hasbird
                ROOT/warblrb10k_public_metadata_2018.csv   itemid,datasetid,hasbird
                ROOT/BirdVoxDCASE20k_csvpublic.csv         itemid,datasetid,hasbird
                ROOT/ff1010bird/wav/<itemid>.wav, ROOT/warblrb10k_public/wav/<itemid>.wav,
                ROOT/BirdVox-DCASE-20k/wav/<itemid>.wav    (each corpus zip extracted into its folder)
                split file (optional, --split-file): CSV 'file,split', e.g. ff1010bird/wav/64486.wav,train
                without one: variant random (seeded stratified clip split, not comparable with the paper)""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of();
    }

    /** A labelled clip before its split is known. */
    record Item(String rel, Path file, int label) {
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        List<Item> items = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Corpus c : CORPORA) {
            Path csv = scan.metadata(c.table(), c.name() + " label table");
            long[] n = {0};
            Csv.read(csv, Csv.COMMA, List.of("itemid", "datasetid", "hasbird"), row -> {
                String rel = c.audioDir() + "/" + row.get("itemid") + ".wav";
                int label = Numbers.intIn(row, "hasbird", 0, 1);
                scan.uniqueId(rel, csv);
                listed.add(rel);
                n[0]++;
                Path file = scan.root().resolve(rel);
                if (scan.audio(file, csv)) {
                    items.add(new Item(rel, file, label));
                }
            });
            scan.note(c.table() + " clips (official " + c.clips() + ")", n[0]);
        }
        return new LoadedTask(spec, scan.root(), assign(items, listed, selection, scan), scan.report());
    }

    /** Applies the user's split file (whose files must be among {@code listed}, the metadata's clips) or the stratified fallback; shared with TUT18. */
    static List<Clip> assign(List<Item> items, Set<String> listed, DatasetSelection selection, Scan scan) {
        List<Clip> clips = new ArrayList<>();
        if (selection.splitFile().isPresent()) {
            Map<String, Split> splits = SplitAssignment.readSplitFile(selection.splitFile().get(), listed);
            long unlisted = 0;
            for (Item i : items) {
                Split s = splits.get(i.rel());
                if (s == null) {
                    unlisted++;
                    continue;
                }
                clips.add(new Clip(i.rel(), i.file(), Segment.WHOLE, s, 0, new Labels.Single(i.label())));
            }
            scan.note("clips not in the split file (left out)", unlisted);
            return clips;
        }
        Map<Item, Split> splits = SplitAssignment.stratified(items, Item::label, Item::rel, selection.seed(),
                selection.trainFraction());
        for (Item i : items) {
            clips.add(new Clip(i.rel(), i.file(), Segment.WHOLE, splits.get(i), 0, new Labels.Single(i.label())));
        }
        return clips;
    }
}
