package org.hares.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Labels;
import org.hares.data.Split;
import org.hares.data.TaskSpec;
import org.hares.data.hares.HaresTasks;

/**
 * The clips a run trains on, in a fixed order: the training split of one or more tasks, or the
 * audio files of a folder or list. {@code labels} is the task's spec when labels are used.
 */
public record TrainingData(List<Clip> clips, Optional<TaskSpec> labels, String description) {

    public TrainingData {
        clips = List.copyOf(clips);
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no training clips in " + description);
        }
    }

    /** The data a config names; the task's labels are kept for the supervised objective. */
    public static TrainingData of(PretrainConfig config) {
        if (config.audio() != null) {
            return audio(Path.of(config.audio()));
        }
        List<Clip> clips = new ArrayList<>();
        TaskSpec spec = null;
        for (String selection : config.tasks()) {
            DatasetSelection s = DatasetSelection.parse(selection).withSkipBadFiles(config.skipBadAudio());
            var task = HaresTasks.load(s);
            List<Clip> train = task.clips(Split.TRAIN);
            if (train.isEmpty()) {
                throw new DatasetLayoutException(s.root(), "task " + s.ref() + " has no training clips");
            }
            clips.addAll(train);
            spec = task.spec();
        }
        return new TrainingData(clips, config.objective() == Objective.SUPERVISED ? Optional.of(spec) : Optional.empty(),
                String.join(", ", config.tasks()) + " (training split)");
    }

    /** Every audio file under a folder (sorted), or the files a list names: one path or file: URI a line, relative to the list. */
    public static TrainingData audio(Path source) {
        List<Path> files;
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).filter(HaresTasks::isAudioFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + source + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(source)) {
            files = readList(source);
        } else {
            throw new DatasetLayoutException(source, "--audio: no such folder or list file");
        }
        List<Clip> clips = new ArrayList<>(files.size());
        for (Path f : files) {
            clips.add(new Clip(f.toString(), f, Split.TRAIN, new Labels.Multi(new int[0])));
        }
        return new TrainingData(clips, Optional.empty(), source.toString());
    }

    private static List<Path> readList(Path list) {
        List<Path> files = new ArrayList<>();
        Path base = list.toAbsolutePath().getParent();
        try {
            int n = 0;
            for (String line : Files.readAllLines(list)) {
                n++;
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                if (entry.contains("://") || entry.startsWith("file:")) {
                    URI uri = URI.create(entry);
                    if (!"file".equals(uri.getScheme())) {
                        throw new DatasetLayoutException(list, "line " + n + ": only file: URIs can be read, got " + entry);
                    }
                    files.add(Path.of(uri));
                } else {
                    files.add(base.resolve(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list + ": " + e.getMessage(), e);
        }
        return files;
    }
}
