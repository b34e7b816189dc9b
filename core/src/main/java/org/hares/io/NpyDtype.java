package org.hares.io;

import java.util.Arrays;
import java.util.Optional;

/** The numpy element types hares reads and writes, with their little-endian {@code descr}. */
public enum NpyDtype {
    FLOAT16("<f2", 2),
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8),
    INT8("|i1", 1),
    UINT8("|u1", 1),
    INT16("<i2", 2),
    INT32("<i4", 4),
    INT64("<i8", 8),
    BOOL("|b1", 1);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    public String descr() {
        return descr;
    }

    public int itemSize() {
        return itemSize;
    }

    /**
     * Parses a numpy {@code descr} such as {@code <f4}, {@code >i8} or {@code |u1}; the byte
     * order is reported separately by {@link #isBigEndian(String)}.
     */
    public static Optional<NpyDtype> fromDescr(String descr) {
        if (descr.length() < 2) {
            return Optional.empty();
        }
        String kindAndSize = descr.substring(1);
        return Arrays.stream(values())
                .filter(t -> t.descr.substring(1).equals(kindAndSize))
                .findFirst();
    }

    public static boolean isBigEndian(String descr) {
        return descr.startsWith(">");
    }
}
