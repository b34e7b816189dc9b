package org.hares.model.weights;

import java.util.List;

/** A block whose parameters have Haiku names, so Haiku checkpoints can be read and written. */
public interface HaikuModule {

    /** This module's parameters and those of its children, in Haiku creation order (first use in the forward pass). */
    List<HaikuParameter> haikuParameters();
}
