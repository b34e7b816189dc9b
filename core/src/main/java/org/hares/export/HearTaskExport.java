package org.hares.export;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import com.google.gson.GsonBuilder;
import org.hares.Progress;
import org.hares.audio.AudioReader;
import org.hares.data.Clip;
import org.hares.data.Task;
import org.hares.data.hear.HearLayout;
import org.hares.data.hear.HearMetadata;
import org.hares.data.hear.HearTasks;
import org.hares.io.AtomicFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes any task as a hear-preprocess scene task: {@code OUT/{name}-{version}-{mode}/} with
 * {@code task_metadata.json}, {@code labelvocabulary.csv}, {@code {split}.json} and the clips as 16-bit PCM
 * mono WAV at 16 kHz in {@code 16000/{split}/}, every clip zero-padded or trimmed to {@code sample_duration}
 * as hear-preprocess does (hear-eval-kit batches equal-length files). The folder appears complete or not at all.
 */
public final class HearTaskExport {

    private static final Logger LOG = LoggerFactory.getLogger(HearTaskExport.class);

    private HearTaskExport() {}

    /**
     * @param sampleDuration seconds every clip is padded or trimmed to; empty: the longest clip, so nothing is cut
     * @param progressOut    where progress lines go; null for none
     * @return the task folder written
     */
    public static Path write(Task task, Path outDir, OptionalDouble sampleDuration, PrintWriter progressOut) {
        HearLayout layout = HearLayout.of(task);
        double duration = sampleDuration.orElseGet(() -> longestClipSeconds(task));
        HearMetadata meta = layout.metadata(duration);
        int samples = (int) Math.round(duration * HearTasks.SAMPLE_RATE);
        if (meta.splitMode() == HearMetadata.SplitMode.TRAINVALTEST && !layout.splits().contains("valid")) {
            LOG.warn("{}: no valid split; hear-eval-kit's predictor expects train, valid and test", task.spec().ref());
        }
        Progress progress = new Progress(progressOut, "export " + task.spec().ref(), task.clips().size(), "clips");
        Path folder = AtomicFolders.write(outDir.resolve(meta.folderName()), dir -> {
            for (String split : layout.splits()) {
                Path audioDir = Files.createDirectories(dir.resolve(Integer.toString(HearTasks.SAMPLE_RATE)).resolve(split));
                Map<String, List<String>> labels = new LinkedHashMap<>();
                List<Clip> clips = layout.clips(split);
                clips.forEach(clip -> labels.put(layout.fileName(clip), layout.labelsOf(clip)));
                // decoding dominates: clips are independent, so they are decoded and written in parallel
                clips.parallelStream().forEach(clip -> {
                    writeWav(audioDir.resolve(layout.fileName(clip)), fit(read(clip), samples));
                    progress.advance(1);
                });
                Files.writeString(dir.resolve(split + ".json"), new GsonBuilder().setPrettyPrinting().create().toJson(labels) + "\n");
            }
            writeVocabulary(dir, layout.vocabulary());
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("hares_task", task.spec().ref().toString());
            provenance.put("hares_source", task.root().toAbsolutePath().toString());
            meta.write(dir, provenance);
        });
        progress.finish();
        return folder;
    }

    /** The longest clip, in whole samples at 16 kHz (from file headers; a segment's own length). */
    public static double longestClipSeconds(Task task) {
        long longest = 0;
        for (Clip c : task.clips()) {
            double seconds = c.segment().isWholeFile() ? AudioReader.probe(c.file()).durationSeconds() : c.segment().durationSeconds();
            longest = Math.max(longest, Math.round(seconds * HearTasks.SAMPLE_RATE));
        }
        return Math.max(1, longest) / (double) HearTasks.SAMPLE_RATE;
    }

    static void writeVocabulary(Path dir, List<String> vocabulary) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(HearTasks.VOCABULARY), StandardCharsets.UTF_8)) {
            w.write("idx,label\n");
            for (int i = 0; i < vocabulary.size(); i++) {
                w.write(i + "," + csv(vocabulary.get(i)) + "\n");
            }
        }
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static float[] read(Clip clip) {
        return (clip.segment().isWholeFile() ? AudioReader.read(clip.file(), HearTasks.SAMPLE_RATE)
                : AudioReader.read(clip.file(), HearTasks.SAMPLE_RATE, clip.segment().offsetSeconds(),
                        clip.segment().durationSeconds())).samples();
    }

    private static float[] fit(float[] samples, int length) {
        return samples.length == length ? samples : java.util.Arrays.copyOf(samples, length);
    }

    /** 16-bit PCM mono WAV (the JDK's writer), samples scaled by 32768 and clipped, as hear-preprocess writes them. */
    private static void writeWav(Path file, float[] samples) {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            pcm.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s * 32768.0))));
        }
        AudioFormat format = new AudioFormat(HearTasks.SAMPLE_RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
