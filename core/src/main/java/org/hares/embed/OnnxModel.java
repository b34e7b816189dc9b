package org.hares.embed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hares.frontend.FrontendConfig;
import org.hares.model.weights.CheckpointMismatchException;

/**
 * An ONNX model through DJL's OnnxRuntime engine ({@code onnx:FILE}), on the {@link ExternalModel}
 * contract. Its one input is checked against the contract when it is opened: dtype float32, rank
 * 2 (waveform) or 4 with {@code (·, ·, 128, 1)} (log-mel); fixed batch and time axes are honoured.
 * The input kind and sample rate may be declared in the model's metadata properties
 * ({@value #INPUT_KEY}, {@value #SAMPLE_RATE_KEY}); options that contradict them are refused.
 * It runs one extraction stream: the session parallelises each call on its own intra-op thread pool,
 * and a stream of its own would need a second session (the weights loaded again).
 */
public final class OnnxModel extends ExternalModel {

    public static final String PREFIX = "onnx:";
    /** Metadata property naming the input: {@code waveform} or {@code logmel}. */
    public static final String INPUT_KEY = "hares.input";
    /** Metadata property giving the waveform sample rate in Hz. */
    public static final String SAMPLE_RATE_KEY = "hares.sample_rate";

    private OnnxModel(Path file, ModelInput input, int sampleRate, List<Double> probeSeconds, FrontendConfig config,
            Network network) {
        super(PREFIX, file, input, sampleRate, probeSeconds, config, network);
    }

    /**
     * Opens {@code file}: the input kind and sample rate come from the options, else the metadata,
     * else log-mel at the front end's rate. A file that is not an ONNX model, or whose input does
     * not fit the contract, is refused here ({@link CheckpointMismatchException}), before any work.
     */
    public static OnnxModel open(Path file, Optional<ModelInput> input, OptionalInt sampleRate, double probeSeconds,
            FrontendConfig config, Device device) {
        return open(file, input, sampleRate, List.of(probeSeconds), config, device);
    }

    /** As {@link #open(Path, Optional, OptionalInt, double, FrontendConfig, Device)}, probed with each window length given. */
    public static OnnxModel open(Path file, Optional<ModelInput> input, OptionalInt sampleRate, List<Double> probeSeconds,
            FrontendConfig config, Device device) {
        if (device.isGpu()) {
            throw new IllegalArgumentException(PREFIX + file + ": ONNX models run on the CPU (the onnxruntime build on the "
                    + "class path has no CUDA provider); use --device cpu");
        }
        String sha256 = sha256(file, "ONNX");
        Model model = Model.newInstance("onnx", device, "OnnxRuntime");
        OrtSession session;
        try {
            session = OrtEnvironment.getEnvironment().createSession(file.toString(), sessionOptions());
        } catch (OrtException | RuntimeException e) {
            model.close();
            throw new CheckpointMismatchException(file + ": not a loadable ONNX model (expected a file written by "
                    + "torch.onnx.export or another ONNX exporter): " + firstLine(e), e);
        }
        ModelInput kind;
        int rate;
        Network network;
        try {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            kind = declared(file, INPUT_KEY, metadata, input.map(ModelInput::id), "--model-input")
                    .map(ModelInput::parse).orElse(ModelInput.LOGMEL);
            rate = declared(file, SAMPLE_RATE_KEY, metadata, sampleRate.isPresent()
                    ? Optional.of(Integer.toString(sampleRate.getAsInt())) : Optional.empty(), "--model-sample-rate")
                    .map(r -> parseRate(file, r)).orElse(config.sampleRate());
            long[] shape = checkInput(file, session, kind, config.melBins());
            int fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
            int fixedLength = shape[1] <= 0 ? 0 : kind == ModelInput.LOGMEL ? (int) shape[1] * config.melBins() : (int) shape[1];
            model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
            network = new Network(model, sha256, fixedBatch, fixedLength);
        } catch (OrtException e) {
            close(session, model);
            throw new CheckpointMismatchException(file + ": cannot read the ONNX model's inputs: " + firstLine(e), e);
        } catch (RuntimeException e) {
            close(session, model);
            throw e;
        }
        return new OnnxModel(file, kind, rate, probeSeconds, config, network);
    }

    /**
     * ONNX Runtime's defaults, but idle pool threads sleep instead of spinning (as libtorch's OpenMP
     * threads do with the launcher's OMP_WAIT_POLICY=PASSIVE): spinning threads take the cores from
     * the decoding and feature threads, and on a busy machine batch 8 ran 2.5-6x slower with them.
     */
    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    /** The option's value, else the metadata's; both present and different is refused. */
    private static Optional<String> declared(Path file, String key, Map<String, String> metadata, Optional<String> option,
            String optionName) {
        String meta = metadata.get(key);
        if (meta == null) {
            return option;
        }
        String normalised = key.equals(INPUT_KEY) ? parseMetadataInput(file, meta).id() : meta.trim();
        if (option.isPresent() && !option.get().equals(normalised)) {
            throw new IllegalArgumentException(file + " declares " + key + "=" + meta + " in its metadata, but "
                    + optionName + " " + option.get() + " was given (drop the option or re-export the model)");
        }
        return Optional.of(normalised);
    }

    private static ModelInput parseMetadataInput(Path file, String value) {
        try {
            return ModelInput.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new CheckpointMismatchException(file + ": metadata " + INPUT_KEY + "=" + value + " (expected waveform or logmel)");
        }
    }

    private static int parseRate(Path file, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CheckpointMismatchException(file + ": metadata " + SAMPLE_RATE_KEY + "=" + value
                    + " (expected a sample rate in Hz, e.g. 16000)");
        }
    }

    /** The input's shape (-1 for a dynamic axis), once it is known to fit {@code kind}. */
    private static long[] checkInput(Path file, OrtSession session, ModelInput kind, int melBins) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new CheckpointMismatchException(file + ": takes " + inputs.size() + " inputs " + inputs.keySet()
                    + " (expected one, " + kind.contract(melBins) + ")");
        }
        NodeInfo node = inputs.values().iterator().next();
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new CheckpointMismatchException(file + ": input '" + node.getName() + "' is " + node.getInfo()
                    + " (expected a tensor " + kind.contract(melBins) + ")");
        }
        long[] shape = tensor.getShape();
        boolean rankFits = shape.length == (kind == ModelInput.LOGMEL ? 4 : 2);
        boolean binsFit = kind != ModelInput.LOGMEL || !rankFits || (fits(shape[2], melBins) && fits(shape[3], 1));
        if (tensor.type != OnnxJavaType.FLOAT || !rankFits || !binsFit) {
            throw new CheckpointMismatchException(file + ": input '" + node.getName() + "' is " + describe(tensor)
                    + "; expected " + kind.contract(melBins) + " for --model-input " + kind.id());
        }
        return shape;
    }

    private static boolean fits(long dim, int expected) {
        return dim <= 0 || dim == expected;
    }

    private static String describe(TensorInfo tensor) {
        long[] shape = tensor.getShape();
        String[] names = tensor.getDimensionNames();
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i] > 0 ? Long.toString(shape[i])
                    : names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
        }
        String type = switch (tensor.type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> tensor.type.name().toLowerCase(Locale.ROOT);
        };
        return b.append(") ").append(type).toString();
    }

    private static void close(OrtSession session, Model model) {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // already failing with the more useful error
        }
        model.close();
    }
}
