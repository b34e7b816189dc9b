package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny fluent_speech_commands_dataset copy: data/{train,valid,test}_data.csv with the official
 * columns (unnamed index, path, speakerId, transcription, action, object, location) and
 * wavs/speakers/&lt;speaker&gt;/&lt;uuid&gt;.wav. Train 4 clips, valid 1, test 1.
 * Train slot values: action {activate, decrease, increase}, object {heat, lights, music},
 * location {kitchen, none}.
 */
public final class FluentSpeechCommandsFixture {

    /** split, path, speakerId, transcription, action, object, location. */
    public static final List<String[]> ROWS = List.of(
            new String[] {"train", "wavs/speakers/2BqVo8kVB2Skwgyb/0a3129c0.wav", "2BqVo8kVB2Skwgyb", "Turn on the lights", "activate", "lights", "none"},
            new String[] {"train", "wavs/speakers/2BqVo8kVB2Skwgyb/0ee42a80.wav", "2BqVo8kVB2Skwgyb", "Turn up the heat in the kitchen", "increase", "heat", "kitchen"},
            new String[] {"train", "wavs/speakers/4BrX8aDqK2cLZRYl/1b2c3d4e.wav", "4BrX8aDqK2cLZRYl", "Turn the music down", "decrease", "music", "none"},
            new String[] {"train", "wavs/speakers/4BrX8aDqK2cLZRYl/2c3d4e5f.wav", "4BrX8aDqK2cLZRYl", "Lights on", "activate", "lights", "none"},
            new String[] {"valid", "wavs/speakers/4BrX8aDqK2cLZRYl/3d4e5f60.wav", "4BrX8aDqK2cLZRYl", "Heat up", "increase", "heat", "none"},
            new String[] {"test", "wavs/speakers/2BqVo8kVB2Skwgyb/4e5f6071.wav", "2BqVo8kVB2Skwgyb", "Decrease the heat in the kitchen", "decrease", "heat", "kitchen"});

    private FluentSpeechCommandsFixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        for (String split : List.of("train", "valid", "test")) {
            List<String> lines = new ArrayList<>(List.of(",path,speakerId,transcription,action,object,location"));
            int index = 0;
            for (String[] r : ROWS) {
                if (r[0].equals(split)) {
                    lines.add(index++ + "," + String.join(",", r[1], r[2], r[3], r[4], r[5], r[6]));
                }
            }
            Text.write(root.resolve("data/" + split + "_data.csv"), lines);
        }
        int i = 0;
        for (String[] r : ROWS) {
            Wav.tone(root.resolve(r[1]), 16_000, clipSeconds, 250 + 30 * i++);
        }
        return root;
    }
}
