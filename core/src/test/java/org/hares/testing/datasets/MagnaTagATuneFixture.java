package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny MagnaTagATune copy: annotations_final.csv (tab-separated, quoted, clip_id, the top-50 tag
 * columns among others, mp3_path) and the clips under ROOT/&lt;folder&gt;/. The audio is 16-bit PCM
 * WAV data under .mp3 names (FFmpeg probes by content). Clips: folder 0 x2 and b x1 (train),
 * c x1 (valid), d and f x1 each (test); 35644 (no file, as in the real release) and 57881 (present)
 * are the known bad clips and must be excluded. Clip 2's tags: guitar, classical; 6: piano, no vocals;
 * 10: none of the top 50; 20: techno, beat; 30: choral; 40: female voice, vocal.
 */
public final class MagnaTagATuneFixture {

    public static final List<String> TAGS = List.of("guitar", "classical", "slow", "techno", "strings", "drums", "electronic",
            "rock", "fast", "piano", "ambient", "beat", "violin", "vocal", "synth", "female", "indian", "opera", "male",
            "singing", "vocals", "no vocals", "harpsichord", "loud", "quiet", "flute", "woman", "male vocal", "no vocal",
            "pop", "soft", "sitar", "solo", "man", "classic", "choir", "voice", "new age", "dance", "male voice",
            "female vocal", "beats", "harp", "cello", "no voice", "weird", "country", "metal", "female voice", "choral");

    /** clip_id, mp3_path, positive tags (top-50 or other). */
    public static final List<Object[]> CLIPS = List.of(
            new Object[] {"2", "0/american_bach_soloists-j_s__bach_solo_cantatas-01-bwv54__i_aria-0-29.mp3", List.of("guitar", "classical")},
            new Object[] {"6", "0/american_bach_soloists-j_s__bach_solo_cantatas-01-bwv54__i_aria-146-175.mp3", List.of("piano", "no vocals")},
            new Object[] {"10", "b/artist_b-album-01-song-30-59.mp3", List.of("jazz")},
            new Object[] {"20", "c/artist_c-album-02-song-0-29.mp3", List.of("techno", "beat")},
            new Object[] {"30", "d/artist_d-album-03-song-0-29.mp3", List.of("choral")},
            new Object[] {"40", "f/artist_f-album-04-song-0-29.mp3", List.of("female voice", "vocal")},
            new Object[] {"35644", "6/norine_braun-now_and_zen-08-gently-117-146.mp3", List.of("slow")},
            new Object[] {"57881", "e/artist_e-album-05-song-0-29.mp3", List.of("rock")});

    private MagnaTagATuneFixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    @SuppressWarnings("unchecked")
    public static Path write(Path root, double clipSeconds) {
        List<String> columns = new ArrayList<>(List.of("clip_id", "hard rock"));
        columns.addAll(TAGS.subList(0, 25));
        columns.add("jazz");
        columns.addAll(TAGS.subList(25, 50));
        columns.add("mp3_path");
        List<String> lines = new ArrayList<>();
        lines.add(quoteAll(columns));
        int i = 0;
        for (Object[] c : CLIPS) {
            List<String> tags = (List<String>) c[2];
            List<String> row = new ArrayList<>();
            for (String col : columns) {
                row.add(col.equals("clip_id") ? (String) c[0] : col.equals("mp3_path") ? (String) c[1] : tags.contains(col) ? "1" : "0");
            }
            lines.add(quoteAll(row));
            if (!c[0].equals("35644")) {
                Wav.tone(root.resolve((String) c[1]), 16_000, clipSeconds, 220 + 20 * i++);
            }
        }
        Text.write(root.resolve("annotations_final.csv"), lines);
        return root;
    }

    private static String quoteAll(List<String> values) {
        return String.join("\t", values.stream().map(v -> "\"" + v + "\"").toList());
    }
}
