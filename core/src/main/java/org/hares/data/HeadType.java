package org.hares.data;

/** The downstream module the paper trains on frozen embeddings for a task. */
public enum HeadType {
    /** Linear layer, softmax cross-entropy. */
    SOFTMAX,
    /** Linear layer, per-class sigmoid (multi-label). */
    SIGMOID,
    /** One linear softmax head per label space; correct only if every slot is (Fluent Speech Commands). */
    SLOTS,
    /** Linear SVM with a C sweep (ESC-50). */
    SVM,
    /** One hidden layer of 512 units, sigmoid outputs (AudioSet). */
    MLP_512
}
