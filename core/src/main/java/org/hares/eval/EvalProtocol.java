package org.hares.eval;

import java.util.Locale;

/** How heads are trained on the frozen embeddings. */
public enum EvalProtocol {
    /**
     * The paper's (App. A): linear head (AudioSet: MLP-512; ESC-50: linear SVM with the C sweep on
     * fold 1; Fluent Speech Commands: three heads), Adam with warm-up and cosine decay for the
     * task's steps and batch size, validation ignored.
     */
    PAPER,
    /**
     * Quick look, not comparable with the paper: L2-regularised logistic regression (L-BFGS) on
     * standardised embeddings, L2 strength chosen on validation (a seeded 10 % of train when the task
     * has no validation split).
     */
    FAST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol of {@code --protocol paper|fast}. */
    public static EvalProtocol parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "paper" -> PAPER;
            case "fast" -> FAST;
            default -> throw new IllegalArgumentException("--protocol must be paper or fast, got '" + text + "'");
        };
    }
}
