package org.hares.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Casts between floating-point data types, bfloat16 included. DJL 0.36's PyTorch engine has no
 * data-type code for bfloat16 ({@code toType(BFLOAT16)} aborts the JVM in its native layer, and a
 * bfloat16 array reports {@link DataType#UNKNOWN}), although libtorch computes in it: casts that
 * involve it go through {@link TorchOps}.
 */
public final class TypeCast {

    private TypeCast() {}

    /** {@code x} in the data type of {@code like}: {@code x} itself when they already agree, else a new array. */
    public static NDArray like(NDArray x, NDArray like) {
        DataType target = like.getDataType();
        if (x.getDataType() == target) {
            return x;
        }
        return target != DataType.UNKNOWN ? x.toType(target, false) : TorchOps.run("forward", x, like);
    }

    /** {@code x} in bfloat16, a new array. */
    public static NDArray toBfloat16(NDArray x) {
        return TorchOps.run("bfloat16", x);
    }
}
