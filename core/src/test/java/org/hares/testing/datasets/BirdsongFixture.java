package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny DCASE 2018 bird-detection copy: the three corpora's label tables (itemid,datasetid,hasbird)
 * and &lt;corpus&gt;/wav/&lt;itemid&gt;.wav, 4 clips each (2 with a bird, 2 without): 12 clips,
 * 6 per class, so the 0.8 stratified fallback gives 5 + 5 train and 1 + 1 test.
 */
public final class BirdsongFixture {

    /** table, datasetid, audio folder, item ids (first two hasbird=1). */
    public static final List<String[]> CORPORA = List.of(
            new String[] {"ff1010bird_metadata_2018.csv", "ff1010bird", "ff1010bird/wav", "64486", "2525", "44981", "101823"},
            new String[] {"warblrb10k_public_metadata_2018.csv", "warblrb10k", "warblrb10k_public/wav",
                    "759808e5-f824-401e-9058", "1d94fc4a-1c63-4da0-9cac", "bb0099ce-3073-4613-8557", "c4c67e81-9aa8-4af4-8eb7"},
            new String[] {"BirdVoxDCASE20k_csvpublic.csv", "BirdVox-DCASE-20k", "BirdVox-DCASE-20k/wav",
                    "00053d90-e4b9-4045-a2f1-f39efc90cfa9", "00092ca8-7d75-4e11-b8c6-6e7e8ebe9b8c",
                    "000db435-a40f-4ad9-a74e-d1af284d2c44", "001bf9dd-8c08-4306-8a5b-c3e8b6fdb4d1"});

    private BirdsongFixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        int n = 0;
        for (String[] c : CORPORA) {
            List<String> rows = new ArrayList<>(List.of("itemid,datasetid,hasbird"));
            for (int i = 3; i < c.length; i++) {
                rows.add(c[i] + "," + c[1] + "," + (i < 5 ? 1 : 0));
                Wav.tone(root.resolve(c[2] + "/" + c[i] + ".wav"), 44_100, clipSeconds, 2000 + 100 * n++);
            }
            Text.write(root.resolve(c[0]), rows);
        }
        return root;
    }

    /** A user split file naming the first two clips of each corpus train, the third valid, the fourth test. */
    public static Path writeSplitFile(Path file) {
        List<String> rows = new ArrayList<>(List.of("file,split"));
        for (String[] c : CORPORA) {
            rows.add(c[2] + "/" + c[3] + ".wav,train");
            rows.add(c[2] + "/" + c[4] + ".wav,train");
            rows.add(c[2] + "/" + c[5] + ".wav,valid");
            rows.add(c[2] + "/" + c[6] + ".wav,test");
        }
        return Text.write(file, rows);
    }
}
