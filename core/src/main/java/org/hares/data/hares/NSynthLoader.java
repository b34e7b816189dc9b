package org.hares.data.hares;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;

/** NSynth (json/wav release): instrument family (11 classes) or pitch (all 128 MIDI classes, decision 5). */
final class NSynthLoader implements TaskLoader {

    static final List<String> FAMILIES = List.of("bass", "brass", "flute", "guitar", "keyboard", "mallet", "organ", "reed",
            "string", "synth_lead", "vocal");
    static final String[] SPLITS = {"train", "valid", "test"};
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean pitch;

    private NSynthLoader(boolean pitch) {
        this.pitch = pitch;
    }

    static NSynthLoader pitch() {
        return new NSynthLoader(true);
    }

    static NSynthLoader instrument() {
        return new NSynthLoader(false);
    }

    @Override
    public String id() {
        return pitch ? "nsynth_pitch" : "nsynth_instrument";
    }

    @Override
    public TaskSpec spec(String variant) {
        Protocol.Builder b = Protocol.task(id(), variant).domain(Domain.MUSIC)
                .source("split", "official nsynth-train / nsynth-valid / nsynth-test (the 'full' release: 293k = train + test)");
        if (pitch) {
            return b.classes(Protocol.classes("pitch", Protocol.numbered(128)))
                    .windowing(1.0, new Windowing.Consecutive(1.0))
                    .source("classes", "all 128 MIDI pitches, never filtered or remapped (tasks.md decision 5)")
                    .build();
        }
        return b.classes(Protocol.classes("instrument_family", FAMILIES))
                .windowing(4.0, new Windowing.Consecutive(4.0))
                .source("classes", "the 11 instrument families in NSynth's instrument_family index order")
                .source("train.crop", "the full 4-s note (paper App. A)")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT/nsynth-train/, ROOT/nsynth-valid/, ROOT/nsynth-test/   (nsynth-<split>.jsonwav.tar.gz extracted)
                  examples.json        {note_str: {pitch, instrument_family, instrument_family_str, ...}, ...}
                  audio/<note_str>.wav  4 s, 16 kHz""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of(Split.TRAIN, 289_205, Split.VALID, 12_678, Split.TEST, 4_096);
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        List<Clip> clips = new ArrayList<>();
        for (String s : SPLITS) {
            Path json = scan.metadata("nsynth-" + s + "/examples.json", "NSynth " + s + " metadata");
            Path audio = json.resolveSibling("audio");
            Split split = Split.parse(s);
            readExamples(json, (key, note) -> {
                int label = pitch ? note.pitch : note.family;
                scan.uniqueId(key, json);
                Path file = scan.audio(audio, key + ".wav", json);
                if (file != null) {
                    clips.add(new Clip(key, file, Segment.WHOLE, split, 0, new Labels.Single(label)));
                }
            });
        }
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    /** The fields one note contributes; {@code -1} where absent. */
    private static final class Note {
        int pitch = -1;
        int family = -1;
        String familyStr;
        String noteStr;
    }

    private interface NoteSink {
        void accept(String key, Note note);
    }

    /** Streams examples.json (hundreds of MB for train) with Jackson's pull parser. */
    private static void readExamples(Path json, NoteSink sink) {
        try (JsonParser p = JSON.createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DatasetLayoutException(json, "expected a JSON object keyed by note_str");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new DatasetLayoutException(json, "note '" + key + "': expected an object");
                }
                Note n = new Note();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "pitch" -> n.pitch = intValue(p, t, json, key, field);
                        case "instrument_family" -> n.family = intValue(p, t, json, key, field);
                        case "instrument_family_str" -> n.familyStr = p.getValueAsString();
                        case "note_str" -> n.noteStr = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                validate(json, key, n);
                sink.accept(key, n);
            }
        } catch (JsonParseException e) {
            throw new DatasetLayoutException(json, "malformed JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    private static int intValue(JsonParser p, JsonToken t, Path json, String key, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new DatasetLayoutException(json, "note '" + key + "': field '" + field + "' must be an integer, found " + t);
        }
        return p.getIntValue();
    }

    private static void validate(Path json, String key, Note n) {
        if (n.pitch < 0 || n.pitch > 127) {
            throw new DatasetLayoutException(json, "note '" + key + "': pitch " + (n.pitch < 0 ? "missing" : n.pitch)
                    + " (expected a MIDI pitch 0-127)");
        }
        if (n.familyStr == null || !FAMILIES.contains(n.familyStr)) {
            throw new DatasetLayoutException(json, "note '" + key + "': instrument_family_str '" + n.familyStr
                    + "' is not one of " + FAMILIES);
        }
        if (n.family != FAMILIES.indexOf(n.familyStr)) {
            throw new DatasetLayoutException(json, "note '" + key + "': instrument_family " + n.family
                    + " does not match instrument_family_str '" + n.familyStr + "' (expected " + FAMILIES.indexOf(n.familyStr) + ")");
        }
        if (n.noteStr != null && !n.noteStr.equals(key)) {
            throw new DatasetLayoutException(json, "note '" + key + "': note_str '" + n.noteStr + "' differs from its key");
        }
    }
}
