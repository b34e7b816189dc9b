package org.hares.data.hares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hares.data.Split;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The Java port of numpy's legacy shuffle against numpy itself: the expected permutations and
 * TFDS splits were written by numpy 1.24 (test resource numpy/make_shuffle_expectations.py).
 */
class NumpyRandomStateTest {

    static List<String> expectations() {
        try (InputStream in = NumpyRandomStateTest.class.getResourceAsStream("/numpy/numpy_shuffle_expected.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> shuffleCases() {
        return expectations().stream().filter(l -> l.startsWith("shuffle "));
    }

    static Stream<String> splitCases() {
        return expectations().stream().filter(l -> l.startsWith("split "));
    }

    @ParameterizedTest
    @MethodSource("shuffleCases")
    void shuffleMatchesNumpy(String line) {
        String[] f = line.split(" ");
        long seed = Long.parseLong(f[1]);
        int n = Integer.parseInt(f[2]);
        List<Integer> expected = Arrays.stream(f).skip(3).map(Integer::valueOf).toList();
        List<Integer> x = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        new NumpyRandomState(seed).shuffle(x);
        assertThat(x).as("RandomState(%d).shuffle(range(%d))", seed, n).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("splitCases")
    void voxForgeSplitMatchesTfds(String line) {
        String[] f = line.split(" ");
        int n = Integer.parseInt(f[1]);
        Map<String, Split> expected = parseSplit(Arrays.copyOfRange(f, 2, f.length));
        List<String> speakers = IntStream.range(0, n).mapToObj(i -> String.format("spk%03d", i)).toList();
        assertThat(VoxForgeLoader.splitSpeakers(speakers)).isEqualTo(expected);
    }

    @Test
    void tenSpeakersLeaveValidationEmptyAsTfdsFloatSumsDo() {
        // 0.7 + 0.1 = 0.7999999999999999 in doubles, so int(0.79999.. * 10) = 7 = int(0.7 * 10)
        List<String> speakers = IntStream.range(0, 10).mapToObj(i -> String.format("spk%03d", i)).toList();
        assertThat(VoxForgeLoader.splitSpeakers(speakers)).doesNotContainValue(Split.VALID);
    }

    @Test
    void firstOutputsAreMt19937Reference() {
        // init_genrand(5489) reference outputs of Matsumoto & Nishimura's mt19937ar.c
        NumpyRandomState r = new NumpyRandomState(5489);
        assertThat(r.nextUint32()).isEqualTo(3499211612L);
        assertThat(r.nextUint32()).isEqualTo(581869302L);
        assertThat(r.nextUint32()).isEqualTo(3890346734L);
    }

    @Test
    void rejectsSeedsOutsideUint32() {
        assertThatThrownBy(() -> new NumpyRandomState(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new NumpyRandomState(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The speaker → split map numpy gives for {@code VoxForgeFixture}'s speakers. */
    static Map<String, Split> expectedFixtureSplit() {
        String line = expectations().stream().filter(l -> l.startsWith("fixture ")).findFirst().orElseThrow();
        return parseSplit(line.substring("fixture ".length()).split(" "));
    }

    private static Map<String, Split> parseSplit(String[] parts) {
        Map<String, Split> out = new HashMap<>();
        for (String p : parts) {
            String[] kv = p.split("=", -1);
            if (kv[1].isEmpty()) {
                continue;
            }
            for (String s : kv[1].split(",")) {
                out.put(s, Split.parse(kv[0]));
            }
        }
        return out;
    }
}
