package org.hares.spark;

import ai.djl.Device;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.frontend.FrontendConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model per executor JVM, opened on first use and shared by all its task slots (forward passes
 * of a loaded model are safe to run concurrently; each slot brings its own inputs). libtorch's
 * intra-op threads are set once, before the engine starts, to the cores of one task slot.
 */
final class ModelHolder {

    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    private static final Map<ModelSpec, EmbeddingModel> MODELS = new ConcurrentHashMap<>();

    private ModelHolder() {}

    /**
     * The model of {@code spec} in this JVM.
     *
     * @param threadsPerTask libtorch threads per forward pass (the cores of one task slot, {@code spark.task.cpus});
     *                       ignored when the property is already set or the engine has started
     */
    static EmbeddingModel get(ModelSpec spec, Configuration conf, int threadsPerTask) {
        return MODELS.computeIfAbsent(spec, s -> open(s, conf, threadsPerTask));
    }

    private static EmbeddingModel open(ModelSpec spec, Configuration conf, int threadsPerTask) {
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(threadsPerTask));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        long t0 = System.nanoTime();
        String name = spec.name();
        if (EmbeddingModels.isExternal(name)) {
            // torchscript:URI, onnx:URI: the file comes through Hadoop like the audio
            int colon = name.indexOf(':');
            name = name.substring(0, colon + 1) + HadoopFiles.localCopy(name.substring(colon + 1), conf);
        }
        Optional<java.nio.file.Path> checkpoint = Optional.ofNullable(spec.checkpoint()).map(c -> HadoopFiles.localCopy(c, conf));
        EmbeddingModel model = EmbeddingModels.open(name, checkpoint, spec.seed(), Device.cpu(), FrontendConfig.DEFAULT,
                spec.external());
        LOG.info("opened {} in {} s ({} libtorch threads per task)", model.name(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9), System.getProperty(THREADS_PROPERTY));
        return model;
    }
}
