package org.hares.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hares.Progress;
import org.hares.data.Clip;
import org.hares.frontend.FrontendConfig;
import org.hares.model.EmulatedPrecision;
import org.hares.model.LibtorchThreads;
import org.hares.model.ModelArchitecture;
import org.hares.model.Precision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The network on two extraction streams: an instance and half the intra-op threads each, and the embeddings of one stream. */
class ExtractionStreamsTest {

    @TempDir
    Path tmp;

    private int callerThreads;

    @BeforeEach
    void twoIntraOpThreads() {
        callerThreads = LibtorchThreads.ofThisThread();
        LibtorchThreads.setForThisThread(2);
    }

    @AfterEach
    void restore() {
        LibtorchThreads.setForThisThread(callerThreads);
    }

    @Test
    void twoStreamsGiveTheEmbeddingsOfOne() {
        List<Clip> clips = FakeModels.clips(tmp, 8);
        try (NfNetEmbeddingModel model = open()) {
            EmbeddingExtractor.Result one = extract(model, 1, clips);
            EmbeddingExtractor.Result two = extract(model, 2, clips);
            assertThat(two.clips()).isEqualTo(one.clips());
            double worst = 0;
            for (int i = 0; i < clips.size(); i++) {
                float[] a = one.embeddings().get(i);
                float[] b = two.embeddings().get(i);
                assertThat(b).hasSameSizeAs(a);
                for (int k = 0; k < a.length; k++) {
                    worst = Math.max(worst, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(a[k])));
                }
            }
            assertThat(worst).as("largest difference between one and two streams").isLessThanOrEqualTo(1e-6);
            // the caller has all its threads again
            assertThat(LibtorchThreads.ofThisThread()).isEqualTo(2);
        }
    }

    @Test
    void aFurtherStreamLoadsTheSameWeightsAndRunsOnHalfTheThreads() throws InterruptedException {
        try (NfNetEmbeddingModel model = open()) {
            AtomicReference<EmbeddingModel> instance = new AtomicReference<>();
            AtomicInteger threads = new AtomicInteger();
            Thread stream = new Thread(() -> {
                instance.set(model.stream(1, 2));
                threads.set(LibtorchThreads.ofThisThread());
            });
            stream.start();
            stream.join();
            assertThat(instance.get()).isNotSameAs(model).isInstanceOf(NfNetEmbeddingModel.class);
            assertThat(instance.get().fingerprint()).isEqualTo(model.fingerprint());
            assertThat(threads.get()).isEqualTo(1);
            assertThat(model.stream(1, 2)).isSameAs(instance.get());
            assertThat(model.stream(0, 1)).isSameAs(model);
            assertThat(LibtorchThreads.ofThisThread()).isEqualTo(2);
        }
    }

    /** bf16 and fp16 emulated on this CPU (the hardware check bypassed, as for the first instance). */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "FP16"})
    void aFurtherStreamComputesInThePrecisionOfTheFirst(Precision precision) {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        try (NfNetEmbeddingModel model = new NfNetEmbeddingModel(arch, Optional.empty(), Device.cpu(), FrontendConfig.DEFAULT,
                () -> EmulatedPrecision.open(arch, Optional.empty(), 3, Device.cpu(), precision))) {
            EmbeddingModel second = model.stream(1, 2);
            assertThat(second).isNotSameAs(model);
            assertThat(second.fingerprint()).isEqualTo(model.fingerprint()).endsWith(":" + precision.id());
            assertThat(second.provenance()).containsEntry("precision", precision.id()).isEqualTo(model.provenance());
        }
    }

    private static NfNetEmbeddingModel open() {
        return new NfNetEmbeddingModel(ModelArchitecture.SLOWFAST_TEST, Optional.empty(), 3, Device.cpu(), Precision.FP32,
                FrontendConfig.DEFAULT);
    }

    private EmbeddingExtractor.Result extract(EmbeddingModel model, int streams, List<Clip> clips) {
        EmbeddingCache.Split split = new EmbeddingCache(tmp.resolve("cache-" + streams)).split(model.name(), "t_default", "test",
                Map.of("model", model.fingerprint()), tmp, "test");
        return new EmbeddingExtractor(model, new EmbeddingExtractor.Options(3, 2, false, streams), new StageTimes())
                .extract("t test", clips, ExtractionStreamsTest::noise, split, Progress.silent());
    }

    /** Two 1-s windows of seeded noise per clip, the seed its number. */
    private static ClipWindower.Windows noise(Clip clip, StageTimes times) {
        SplittableRandom random = new SplittableRandom(Long.parseLong(clip.id().replaceAll("\\D", "")));
        float[] a = new float[16000];
        float[] b = new float[16000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 0.1f;
            b[i] = (float) random.nextGaussian() * 0.3f;
        }
        return new ClipWindower.Windows(new long[] {0, 16000}, List.of(a, b));
    }
}
