package org.hares.testing.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny TUT-urban-acoustic-scenes-2018-development copy: meta.csv (tab-separated, with header),
 * audio/*.wav and evaluation_setup/fold1_{train,evaluate}.txt. 10 clips: airport x5, park x5
 * (0.8 stratified fallback: 4 + 4 train, 1 + 1 test); fold1: barcelona train (6), helsinki evaluate (4).
 */
public final class Tut18Fixture {

    public static final List<String> FILES = List.of(
            "audio/airport-barcelona-0-0-a.wav", "audio/airport-barcelona-0-1-a.wav", "audio/airport-barcelona-1-2-a.wav",
            "audio/airport-helsinki-2-3-a.wav", "audio/airport-helsinki-2-4-a.wav",
            "audio/park-barcelona-3-5-a.wav", "audio/park-barcelona-3-6-a.wav", "audio/park-barcelona-4-7-a.wav",
            "audio/park-helsinki-5-8-a.wav", "audio/park-helsinki-5-9-a.wav");

    private Tut18Fixture() {
    }

    public static Path write(Path root) {
        return write(root, 0.25);
    }

    public static Path write(Path root, double clipSeconds) {
        List<String> meta = new ArrayList<>(List.of("filename\tscene_label\tidentifier\tsource_label"));
        List<String> train = new ArrayList<>();
        List<String> evaluate = new ArrayList<>();
        int i = 0;
        for (String f : FILES) {
            String[] parts = f.substring("audio/".length()).split("-");
            String scene = parts[0];
            meta.add(f + "\t" + scene + "\t" + parts[1] + "-" + parts[2] + "\ta");
            (parts[1].equals("barcelona") ? train : evaluate).add(f + "\t" + scene);
            Wav.tone(root.resolve(f), 48_000, clipSeconds, 400 + 30 * i++);
        }
        Text.write(root.resolve("meta.csv"), meta);
        Text.write(root.resolve("evaluation_setup/fold1_train.txt"), train);
        Text.write(root.resolve("evaluation_setup/fold1_evaluate.txt"), evaluate);
        return root;
    }
}
