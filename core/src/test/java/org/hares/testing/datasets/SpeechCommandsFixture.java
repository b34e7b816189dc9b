package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * A tiny Speech Commands copy of one version ("v0.02" or "v0.01"), in the layout both
 * speech_commands_v1 and speech_commands_v2 read:
 * <pre>
 * speech_commands_VERSION/yes/{a,b,v}_nohash_0.wav  (yes/v_nohash_0.wav in validation_list.txt)
 *                        /no/{a,t}_nohash_0.wav     (no/t_nohash_0.wav in testing_list.txt)
 *                        /bed/{a,b}_nohash_0.wav, /cat/a_nohash_0.wav      (other words: _unknown_ in v1)
 *                        /_background_noise_/white_noise.wav  40,000 samples: silence windows at 0, 8000, 16000
 *                        /_background_noise_/running_tap.wav  28,000 samples: windows at 0, 8000 (validation)
 * speech_commands_test_set_VERSION/yes/x.wav, _unknown_/y.wav, _silence_/z.wav
 * </pre>
 * v1 expects train 9 (yes 2, no 1, _unknown_ 3, _silence_ 3), valid 3 (yes 1, _silence_ 2), test 3;
 * v2 expects train 6, valid 1, test 1 (background noise unused).
 */
public final class SpeechCommandsFixture {

    private SpeechCommandsFixture() {
    }

    public static Path write(Path root) {
        return write(root, "v0.02", 0.25);
    }

    public static Path write(Path root, String version, double clipSeconds) {
        Path main = root.resolve("speech_commands_" + version);
        int i = 0;
        for (String f : List.of("yes/a_nohash_0.wav", "yes/b_nohash_0.wav", "yes/v_nohash_0.wav", "no/a_nohash_0.wav",
                "no/t_nohash_0.wav", "bed/a_nohash_0.wav", "bed/b_nohash_0.wav", "cat/a_nohash_0.wav")) {
            Wav.tone(main.resolve(f), 16_000, clipSeconds, 300 + 40 * i++);
        }
        Wav.tone(main.resolve("_background_noise_/white_noise.wav"), 16_000, 40_000, 1000);
        Wav.tone(main.resolve("_background_noise_/running_tap.wav"), 16_000, 28_000, 1200);
        Text.write(main.resolve("_background_noise_/README.md"), "noise files");
        Text.write(main.resolve("validation_list.txt"), List.of("yes/v_nohash_0.wav"));
        Text.write(main.resolve("testing_list.txt"), List.of("no/t_nohash_0.wav"));
        Path test = root.resolve("speech_commands_test_set_" + version);
        Wav.tone(test.resolve("yes/x.wav"), 16_000, clipSeconds, 500);
        Wav.tone(test.resolve("_unknown_/y.wav"), 16_000, clipSeconds, 600);
        Wav.tone(test.resolve("_silence_/z.wav"), 16_000, clipSeconds, 0);
        return root;
    }
}
