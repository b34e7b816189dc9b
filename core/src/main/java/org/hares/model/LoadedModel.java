package org.hares.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hares.io.NpyArray;
import org.hares.model.weights.CheckpointMismatchException;
import org.hares.model.weights.HaikuCheckpoint;
import org.hares.model.weights.HaikuInit;

/**
 * A network with its weights in a DJL {@link Model}: from a Haiku {@code .npz}, from DJL's own
 * {@code .params} format, or from the seeded Haiku initialisation. A checkpoint that does not fit
 * the architecture is refused before any parameter is allocated (npz) or before the model is used (DJL).
 */
public record LoadedModel(ModelArchitecture architecture, Model model, SpectrogramEncoder block, String fingerprint)
        implements AutoCloseable {

    /** A nominal input for initialisation; parameter shapes do not depend on it. */
    static final Shape NOMINAL_INPUT = new Shape(1, 400, 128, 1);
    private static final Pattern DJL_PARAMS = Pattern.compile("(.+?)(-\\d{4})?\\.params");

    public static LoadedModel load(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device,
            double stochasticDepthRate) {
        SpectrogramEncoder block = arch.newBlock(stochasticDepthRate);
        if (checkpoint.isEmpty()) {
            HaikuInit.seeded(block.haikuParameters(), seed);
            Model model = newModel(arch, device, block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, NOMINAL_INPUT);
            return new LoadedModel(arch, model, block, "seed:" + seed);
        }
        Path file = checkpoint.get();
        if (file.getFileName().toString().endsWith(".npz")) {
            Map<String, NpyArray> arrays = HaikuCheckpoint.readChecked(file, block, arch.id());
            HaikuInit.zeros(block.haikuParameters());
            Model model = newModel(arch, device, block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, NOMINAL_INPUT);
            HaikuCheckpoint.copyInto(block.haikuParameters(), arrays);
            return new LoadedModel(arch, model, block, HaikuCheckpoint.fingerprint(block.haikuParameters(), arrays));
        }
        return loadDjl(arch, file, device, block);
    }

    private static LoadedModel loadDjl(ModelArchitecture arch, Path file, Device device, SpectrogramEncoder block) {
        Matcher m = DJL_PARAMS.matcher(file.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(file)) {
            throw new CheckpointMismatchException("checkpoint " + file + ": expected an existing Haiku .npz or DJL "
                    + "NAME[-NNNN].params file");
        }
        Model model = newModel(arch, device, block);
        try {
            Path dir = file.toAbsolutePath().getParent();
            model.load(dir, m.group(1), m.group(2) == null ? Map.of()
                    : Map.of("epoch", Integer.parseInt(m.group(2).substring(1))));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointMismatchException("checkpoint " + file + " does not match model " + arch.id()
                    + " (DJL format): " + e.getMessage(), e);
        }
        block.invalidateWeightCaches();
        Map<String, NpyArray> weights = HaikuCheckpoint.export(block);
        try {
            HaikuCheckpoint.checkValues(weights, file);
        } catch (CheckpointMismatchException e) {
            model.close();
            throw e;
        }
        return new LoadedModel(arch, model, block, HaikuCheckpoint.fingerprint(block.haikuParameters(), weights));
    }

    private static Model newModel(ModelArchitecture arch, Device device, SpectrogramEncoder block) {
        Model model = Model.newInstance(arch.id(), device);
        model.setBlock(block);
        return model;
    }

    /** Saves in DJL's format as {@code dir/NAME-0000.params}, which {@link #load} reads back. */
    public Path saveDjl(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            model.save(dir, name);
            return dir.resolve(name + "-0000.params");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save model to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
