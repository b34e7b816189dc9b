package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny ESC-50-master copy: 10 clips, two per fold, of the classes dog (0), rooster (1),
 * rain (10) and hand_saw (49); {@code meta/esc50.csv} in the official 7-column format.
 */
public final class Esc50Fixture {

    /** filename, fold, target, category of each clip, in CSV order. */
    public static final List<String[]> CLIPS = List.of(
            new String[] {"1-100032-A-0.wav", "1", "0", "dog"},
            new String[] {"1-100038-A-1.wav", "1", "1", "rooster"},
            new String[] {"2-100210-A-10.wav", "2", "10", "rain"},
            new String[] {"2-100210-B-10.wav", "2", "10", "rain"},
            new String[] {"3-100648-A-0.wav", "3", "0", "dog"},
            new String[] {"3-101010-A-49.wav", "3", "49", "hand_saw"},
            new String[] {"4-102844-A-1.wav", "4", "1", "rooster"},
            new String[] {"4-103050-A-49.wav", "4", "49", "hand_saw"},
            new String[] {"5-103415-A-0.wav", "5", "0", "dog"},
            new String[] {"5-103420-A-10.wav", "5", "10", "rain"});

    private Esc50Fixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        List<String> rows = new ArrayList<>(List.of("filename,fold,target,category,esc10,src_file,take"));
        int i = 0;
        for (String[] c : CLIPS) {
            String take = c[0].split("-")[2];
            rows.add(String.join(",", c[0], c[1], c[2], c[3], "False", c[0].split("-")[1], take));
            Wav.tone(root.resolve("audio").resolve(c[0]), 44_100, clipSeconds, 200 + 50 * i++);
        }
        Text.write(root.resolve("meta/esc50.csv"), rows);
        return root;
    }
}
