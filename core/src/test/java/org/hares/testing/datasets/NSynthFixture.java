package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny NSynth json/wav copy (serves nsynth_instrument and nsynth_pitch): nsynth-{train,valid,test}/
 * examples.json in the official format and audio/&lt;note_str&gt;.wav. Train 3 notes, valid 1, test 2.
 */
public final class NSynthFixture {

    /** split, note_str, pitch, instrument_family, instrument_family_str. */
    public static final List<Object[]> NOTES = List.of(
            new Object[] {"train", "bass_synthetic_033-022-050", 22, 0, "bass"},
            new Object[] {"train", "guitar_acoustic_010-060-100", 60, 3, "guitar"},
            new Object[] {"train", "vocal_synthetic_003-127-075", 127, 10, "vocal"},
            new Object[] {"valid", "keyboard_electronic_001-021-127", 21, 4, "keyboard"},
            new Object[] {"test", "guitar_electronic_022-108-025", 108, 3, "guitar"},
            new Object[] {"test", "brass_acoustic_046-000-050", 0, 1, "brass"});

    private NSynthFixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        int n = 0;
        for (String split : List.of("train", "valid", "test")) {
            List<String> entries = new ArrayList<>();
            for (Object[] note : NOTES) {
                if (!note[0].equals(split)) {
                    continue;
                }
                String key = (String) note[1];
                String instrument = key.substring(0, key.lastIndexOf('-', key.lastIndexOf('-') - 1));
                entries.add("  \"" + key + "\": {\"qualities\": [0, 1, 0, 0, 0, 0, 0, 0, 0, 0], \"pitch\": " + note[2]
                        + ", \"note\": " + (1000 + n) + ", \"instrument_source_str\": \"synthetic\", \"velocity\": 50,"
                        + " \"instrument_str\": \"" + instrument + "\", \"instrument\": " + (10 + n) + ", \"sample_rate\": 16000,"
                        + " \"qualities_str\": [\"bright\"], \"instrument_source\": 2, \"note_str\": \"" + key + "\","
                        + " \"instrument_family\": " + note[3] + ", \"instrument_family_str\": \"" + note[4] + "\"}");
                Wav.tone(root.resolve("nsynth-" + split + "/audio/" + key + ".wav"), 16_000, clipSeconds, 100 + 20 * n++);
            }
            Text.write(root.resolve("nsynth-" + split + "/examples.json"), "{\n" + String.join(",\n", entries) + "\n}\n");
        }
        return root;
    }
}
