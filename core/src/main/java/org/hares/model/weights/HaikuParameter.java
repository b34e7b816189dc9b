package org.hares.model.weights;

import ai.djl.nn.Parameter;
import java.util.Objects;

/**
 * A model parameter under its Haiku checkpoint key ({@code module/path/param}), with the kind
 * that fixes its layout and its initialisation.
 */
public record HaikuParameter(String key, HaikuParamKind kind, Parameter parameter) {

    public HaikuParameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parameter, "parameter");
    }

    /** The shape this parameter has in a Haiku checkpoint. */
    public long[] haikuShape() {
        return kind.haikuShape(parameter.getShape());
    }

    public long size() {
        return parameter.getShape().size();
    }
}
