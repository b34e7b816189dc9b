package org.hares.testing.datasets;

import java.nio.file.Path;

/** Writes the tiny synthetic copy of any of the 12 HARES tasks (for other modules' end-to-end tests). */
public final class HaresFixtures {

    private HaresFixtures() {
    }

    /** Writes the fixture of a task id into {@code root} with clips of {@code clipSeconds}; returns root. */
    public static Path write(String taskId, Path root, double clipSeconds) {
        return switch (taskId) {
            case "audioset" -> AudioSetFixture.write(root, clipSeconds);
            case "birdsong" -> BirdsongFixture.write(root, clipSeconds);
            case "tut18" -> Tut18Fixture.write(root, clipSeconds);
            case "esc50" -> Esc50Fixture.write(root, clipSeconds);
            case "speech_commands_v1", "speech_commands_v2" -> SpeechCommandsFixture.write(root, "v0.02", clipSeconds);
            case "fluent_speech_commands" -> FluentSpeechCommandsFixture.write(root, clipSeconds);
            case "voxforge" -> VoxForgeFixture.write(root, clipSeconds, true);
            case "voxceleb1" -> VoxCelebFixture.write(root, clipSeconds);
            case "nsynth_instrument", "nsynth_pitch" -> NSynthFixture.write(root, clipSeconds);
            case "magnatagatune" -> MagnaTagATuneFixture.write(root, clipSeconds);
            default -> throw new IllegalArgumentException("no fixture for task '" + taskId + "'");
        };
    }
}
