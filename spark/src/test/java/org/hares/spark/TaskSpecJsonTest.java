package org.hares.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.hares.data.TaskSpec;
import org.hares.data.hares.HaresTasks;
import org.junit.jupiter.api.Test;

/** Task specs survive job.json: every registered HARES task and variant. */
class TaskSpecJsonTest {

    @Test
    void everyRegisteredSpecRoundTrips() {
        assertThat(HaresTasks.specs()).hasSizeGreaterThanOrEqualTo(12);
        for (TaskSpec spec : HaresTasks.specs()) {
            assertThat(TaskSpecJson.parse(TaskSpecJson.toString(spec))).as(spec.ref().toString()).isEqualTo(spec);
        }
    }
}
