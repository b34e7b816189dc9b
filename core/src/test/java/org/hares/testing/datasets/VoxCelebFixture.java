package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny VoxCeleb1 copy: iden_split.txt and the two extracted zips vox1_dev_wav/wav and
 * vox1_test_wav/wav. Full split: train 3, valid 1, test 2; the TFDS (dev zip only) variant:
 * train 2, valid 1, test 1 (id10270's two files are in the test zip).
 */
public final class VoxCelebFixture {

    /** split digit, path, tree ("dev" or "test"). */
    public static final List<String[]> LINES = List.of(
            new String[] {"1", "id10001/1zcIwhmdeo4/00001.wav", "dev"},
            new String[] {"1", "id10001/1zcIwhmdeo4/00002.wav", "dev"},
            new String[] {"3", "id10001/7gWzIy6yIIk/00001.wav", "dev"},
            new String[] {"2", "id10002/C7k7C-PDvAA/00001.wav", "dev"},
            new String[] {"1", "id10270/5r0dWxy17C8/00001.wav", "test"},
            new String[] {"3", "id10270/5r0dWxy17C8/00002.wav", "test"});

    private VoxCelebFixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        List<String> split = new ArrayList<>();
        int i = 0;
        for (String[] l : LINES) {
            split.add(l[0] + " " + l[1]);
            String tree = l[2].equals("dev") ? "vox1_dev_wav/wav/" : "vox1_test_wav/wav/";
            Wav.tone(root.resolve(tree + l[1]), 16_000, clipSeconds, 150 + 25 * i++);
        }
        Text.write(root.resolve("iden_split.txt"), split);
        return root;
    }
}
