package org.hares.testing.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny AudioSet copy: the official class index (the bundled 527 MIDs), the three segment CSVs in
 * Google's format (comment header, ", " separators, quoted label lists) and audio/&lt;csv&gt;/
 * &lt;YTID&gt;_&lt;start&gt;.wav for the downloaded segments. balanced: 3 listed, 2 downloaded;
 * unbalanced: 2 listed, 1 downloaded; eval: 2 listed, 2 downloaded, plus one unexpected file.
 * Train 3 clips, test 2. Labels use MIDs /m/09x0r (0, Speech), /m/04rlf (137, Music), /m/0bt9lr (74, Dog).
 */
public final class AudioSetFixture {

    /** csv, YTID, start, end, labels, downloaded. */
    public static final List<String[]> SEGMENTS = List.of(
            new String[] {"balanced_train_segments", "--PJHxphWEs", "30.000", "40.000", "/m/09x0r,/t/dd00088", "y"},
            new String[] {"balanced_train_segments", "--ZhevVpy1s", "50.000", "60.000", "/m/04rlf", "y"},
            new String[] {"balanced_train_segments", "--aE2O5G5WE", "0.000", "10.000", "/m/0bt9lr", "n"},
            new String[] {"unbalanced_train_segments", "---1_cCGK4M", "0.000", "10.000", "/m/04rlf,/m/09x0r", "y"},
            new String[] {"unbalanced_train_segments", "---2_BBVHAA", "30.000", "40.000", "/m/09x0r", "n"},
            new String[] {"eval_segments", "-0RWZT-miFs", "420.000", "430.000", "/m/03v3yw,/m/0k4j", "y"},
            new String[] {"eval_segments", "-1nilez17Dg", "30.000", "40.000", "/m/0bt9lr", "y"});

    private AudioSetFixture() {
    }

    public static List<String> mids() {
        try (InputStream in = AudioSetFixture.class.getResourceAsStream("/org/hares/data/hares/audioset_mids.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        List<String> index = new ArrayList<>(List.of("index,mid,display_name"));
        List<String> mids = mids();
        for (int i = 0; i < mids.size(); i++) {
            index.add(i + "," + mids.get(i) + ",\"Class " + i + ", synthetic\"");
        }
        Text.write(root.resolve("class_labels_indices.csv"), index);
        int n = 0;
        for (String csv : List.of("balanced_train_segments", "unbalanced_train_segments", "eval_segments")) {
            List<String> lines = new ArrayList<>(List.of("# Segments csv created Sun Mar  5 10:54:31 2017",
                    "# num_ytids=" + 3 + ", num_segs=" + 3 + ", num_unique_labels=527, num_positive_labels=5",
                    "# YTID, start_seconds, end_seconds, positive_labels"));
            for (String[] s : SEGMENTS) {
                if (!s[0].equals(csv)) {
                    continue;
                }
                lines.add(s[1] + ", " + s[2] + ", " + s[3] + ", \"" + s[4] + "\"");
                if (s[5].equals("y")) {
                    Wav.tone(root.resolve("audio/" + csv + "/" + s[1] + "_" + s[2] + ".wav"), 16_000, clipSeconds, 300 + 50 * n++);
                }
            }
            Text.write(root.resolve(csv + ".csv"), lines);
        }
        Wav.tone(root.resolve("audio/eval_segments/not_in_any_csv_0.000.wav"), 16_000, clipSeconds, 100);
        return root;
    }
}
