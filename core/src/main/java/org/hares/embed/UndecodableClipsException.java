package org.hares.embed;

import java.util.List;
import org.hares.HaresException;

/** Clips of a split that failed to decode, when the user did not ask to skip them. */
public final class UndecodableClipsException extends HaresException {

    private final List<String> problems;

    public UndecodableClipsException(String split, List<String> problems) {
        super(problems.size() + " clip(s) of " + split + " could not be decoded (expected every clip to decode; "
                + "pass --skip-bad-audio to skip them): " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                + (problems.size() > 5 ? "; ..." : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
