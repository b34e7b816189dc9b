package org.hares.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.hares.HaresException;
import org.hares.data.TaskRef;

/**
 * One or more tasks failed during a run whose other tasks finished and were written: the exit code
 * is the first failure's (1 for an error hares did not anticipate).
 */
public final class TasksFailedException extends HaresException {

    /** A task that failed mid-run and why; the run went on with the next task. */
    public record Failure(TaskRef task, RuntimeException error) {

        /** The error's first line, as {@code results.json} and the console show it. */
        public String reason() {
            String m = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            return m.lines().findFirst().orElse(m);
        }

        int exitCode() {
            return error instanceof HaresException h ? h.exitCode() : 1;
        }
    }

    private final int exitCode;

    /**
     * @param finished how many tasks finished and were written
     * @param written  the results file they were written to
     */
    public TasksFailedException(List<Failure> failures, int finished, Path written) {
        super(failures.size() + " task(s) failed (" + finished + " finished, written to " + written + " with the failures "
                + "under hares.missing_reasons): " + failures.stream().map(f -> f.task() + ": " + f.reason())
                .collect(Collectors.joining("; ")));
        this.exitCode = failures.get(0).exitCode();
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
