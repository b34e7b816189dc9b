package org.hares.embed;

import org.hares.embed.ClipWindower;
import org.hares.embed.EmbeddingModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;

/** Test doubles with known outputs: a model whose embedding is (mean, max, min) of the window. */
public final class FakeModels {

    private FakeModels() {}

    public static class Stats implements EmbeddingModel {
        final AtomicInteger embeddedWindows = new AtomicInteger();

        @Override
        public String name() {
            return "fake-stats";
        }

        @Override
        public int sampleRate() {
            return 16000;
        }

        @Override
        public int embeddingSize() {
            return 3;
        }

        @Override
        public String fingerprint() {
            return "fake-stats-v1";
        }

        @Override
        public Map<String, String> provenance() {
            return Map.of("model", name());
        }

        @Override
        public float[] prepare(float[] windowSamples) {
            return windowSamples.clone();
        }

        @Override
        public List<float[]> embed(List<float[]> prepared) {
            List<float[]> out = new ArrayList<>();
            for (float[] w : prepared) {
                double sum = 0;
                float max = Float.NEGATIVE_INFINITY;
                float min = Float.POSITIVE_INFINITY;
                for (float v : w) {
                    sum += v;
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
                out.add(new float[] {(float) (sum / w.length), max, min});
            }
            embeddedWindows.addAndGet(prepared.size());
            return out;
        }

        @Override
        public void close() {}
    }

    /** Windows of a synthetic signal: clip k gives two windows of 100 samples filled with k and −k; ids with "bad" fail. */
    public static ClipWindower windower() {
        return (clip, times) -> {
            if (clip.id().contains("bad")) {
                throw new AudioDecodeException(clip.file(), "invalid data found when processing input");
            }
            float k = Float.parseFloat(clip.id().replaceAll("[^0-9]", ""));
            float[] a = new float[100];
            float[] b = new float[100];
            java.util.Arrays.fill(a, k);
            java.util.Arrays.fill(b, -k);
            b[0] = 0;
            return new ClipWindower.Windows(new long[] {0, 100}, List.of(a, b));
        };
    }

    public static List<Clip> clips(int n, String... extraIds) {
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Clip("clip" + i, Path.of("/data/clip" + i + ".wav"), org.hares.data.Split.TEST,
                    new org.hares.data.Labels.Single(i % 2)));
        }
        for (String id : extraIds) {
            out.add(new Clip(id, Path.of("/data/" + id + ".wav"), org.hares.data.Split.TEST, new org.hares.data.Labels.Single(0)));
        }
        return out;
    }
}
