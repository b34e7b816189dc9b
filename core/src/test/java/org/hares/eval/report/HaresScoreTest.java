package org.hares.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.Domain;
import org.hares.data.Metric;
import org.hares.data.TaskRef;
import org.junit.jupiter.api.Test;

/** The score recomputed from the paper's Table 4 (hand-derived: tasks.md §1.5). */
class HaresScoreTest {

    static final Map<String, Domain> SUITE = suite();

    @Test
    void paperRowGivesThePublishedHaresScoreAndDomainAverages() {
        HaresScore s = HaresScore.of(SUITE, results(PaperResults.SLOWFAST_NFNET_F0, List.of()));
        assertThat(s.score()).isCloseTo(74.59, within(0.005)); // published 74.6
        assertThat(s.partial()).isFalse();
        assertThat(s.missing()).isEmpty();
        assertThat(s.domain(Domain.ENVIRONMENT)).isCloseTo(75.8, within(0.05));
        assertThat(s.domain(Domain.SPEECH)).isCloseTo(77.2, within(0.05));
        assertThat(s.domain(Domain.MUSIC)).isCloseTo(68.6, within(0.05));
        // not the mean of the domain averages (73.87)
        assertThat(HaresScore.of(SUITE, results(PaperResults.BYOL_A_OURS, List.of())).score()).isCloseTo(64.87, within(0.005));
    }

    @Test
    void partialRunHasNoScoreButAPartialMeanAndMissingIds() {
        HaresScore s = HaresScore.of(SUITE, results(PaperResults.SLOWFAST_NFNET_F0, List.of("voxceleb1", "audioset")));
        assertThat(s.score()).isNull();
        assertThat(s.partial()).isTrue();
        assertThat(s.missing()).containsExactly("audioset", "voxceleb1");
        double mean = PaperResults.TABLE_ORDER.stream().filter(id -> !id.equals("voxceleb1") && !id.equals("audioset"))
                .mapToDouble(PaperResults.SLOWFAST_NFNET_F0::score).average().orElseThrow();
        assertThat(s.partialMean()).isCloseTo(mean, within(1e-9));
        assertThat(s.domain(Domain.ENVIRONMENT)).isNull();
        assertThat(s.domain(Domain.SPEECH)).isNull();
        assertThat(s.domain(Domain.MUSIC)).isCloseTo(68.57, within(0.005));
    }

    static Map<String, Domain> suite() {
        Map<String, Domain> m = new LinkedHashMap<>();
        for (String id : PaperResults.TABLE_ORDER) {
            m.put(id, switch (id) {
                case "audioset", "birdsong", "tut18", "esc50" -> Domain.ENVIRONMENT;
                case "nsynth_pitch", "nsynth_instrument", "magnatagatune" -> Domain.MUSIC;
                default -> Domain.SPEECH;
            });
        }
        return m;
    }

    static List<TaskResult> results(PaperResults row, List<String> leaveOut) {
        List<TaskResult> out = new ArrayList<>();
        for (String id : PaperResults.TABLE_ORDER) {
            if (leaveOut.contains(id)) {
                continue;
            }
            Metric metric = id.equals("audioset") || id.equals("magnatagatune") ? Metric.MAP : Metric.ACCURACY;
            out.add(new TaskResult(new TaskRef(id, TaskRef.DEFAULT_VARIANT), SUITE.get(id), metric, row.score(id), null,
                    List.of(row.score(id)), true, 10, 10, Map.of(), List.of(), Map.of()));
        }
        return out;
    }
}
