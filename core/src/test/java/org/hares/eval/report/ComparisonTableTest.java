package org.hares.eval.report;

import org.hares.data.hares.HaresTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.Domain;
import org.hares.data.Metric;
import org.hares.data.TaskRef;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static TaskResult result(String id, Domain domain, double score) {
        return new TaskResult(TaskRef.parse(id), domain, Metric.ACCURACY, score, null, List.of(score), false, 10, 5,
                Map.of(), List.of(), Map.of());
    }

    private static EvalResults run(TaskResult... tasks) {
        return new EvalResults(Map.of("name", "m"), HaresScore.of(HaresTasks.suite(), List.of(tasks)), List.of(tasks),
                Map.of(), Map.of());
    }

    @Test
    void rowsPerTaskPerDomainAndThePartialMean() {
        Map<String, EvalResults> models = new LinkedHashMap<>();
        models.put("net", run(result("esc50", Domain.ENVIRONMENT, 40), result("voxforge", Domain.SPEECH, 60),
                result("speech_commands_v2", Domain.SPEECH, 80)));
        models.put("baseline", run(result("esc50", Domain.ENVIRONMENT, 30), result("voxforge", Domain.SPEECH, 50)));
        String md = new ComparisonTable("Demo", models, "chance", Map.of("esc50:default", 12.5)).markdown();

        assertThat(md).startsWith("### Demo\n\n| task | metric | chance | net | baseline |\n| --- | --- | --- | --- | --- |\n");
        assertThat(md).contains("| esc50:default | accuracy | 12.5 | 40.0 | 30.0 |\n");
        assertThat(md).contains("| voxforge:default | accuracy | – | 60.0 | 50.0 |\n");
        // a task one model did not run is shown as missing, not as zero
        assertThat(md).contains("| speech_commands_v2:default | accuracy | – | 80.0 | – |\n");
        assertThat(md).contains("| **environment** | mean of tasks run |  | 40.0 | 30.0 |\n");
        assertThat(md).contains("| **speech** | mean of tasks run |  | 70.0 | 50.0 |\n");
        assertThat(md).contains("| **music** | mean of tasks run |  | – | – |\n");
        // partial HARES: the mean of the tasks that ran, (40 + 60 + 80) / 3
        assertThat(md).endsWith("| **HARES** | partial mean |  | 60.0 | 40.0 |\n");
    }

    @Test
    void scoresAtOrBelowChanceAreMarked() {
        Map<String, EvalResults> models = new LinkedHashMap<>();
        models.put("net", run(result("speech_commands_v2", Domain.SPEECH, 10.0), result("esc50", Domain.ENVIRONMENT, 11.13),
                result("voxforge", Domain.SPEECH, 23.2)));
        models.put("baseline", run(result("speech_commands_v2", Domain.SPEECH, 48.0), result("esc50", Domain.ENVIRONMENT, 9.0),
                result("voxforge", Domain.SPEECH, 50.0)));
        String md = new ComparisonTable("Demo", models, "chance",
                Map.of("speech_commands_v2:default", 10.0, "esc50:default", 11.1, "voxforge:default", 23.1)).markdown();
        // equal to chance, below it, and equal as printed (11.13 shows as 11.1) are marked; 23.2 > 23.1 is not
        assertThat(md).contains("| speech_commands_v2:default | accuracy | 10.0 | 10.0 (≤ chance) | 48.0 |\n");
        assertThat(md).contains("| esc50:default | accuracy | 11.1 | 11.1 (≤ chance) | 9.0 (≤ chance) |\n");
        assertThat(md).contains("| voxforge:default | accuracy | 23.1 | 23.2 | 50.0 |\n");
        assertThat(md).endsWith("\n(≤ chance): no better than chance on this task (at or below the chance column).\n");
        // without a reference nothing is marked
        assertThat(new ComparisonTable("Demo", models, null, Map.of()).markdown()).doesNotContain("≤");
    }

    @Test
    void needsAModel() {
        assertThatThrownBy(() -> new ComparisonTable("t", Map.of(), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one model");
    }
}
