package org.hares.eval.heads;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.List;
import java.util.Random;

/**
 * The paper's ESC-50 head: a linear SVM (LIBLINEAR's Java port, the solver behind scikit-learn's
 * {@code LinearSVC}: squared hinge loss, dual coordinate descent, one-vs-rest, intercept as an
 * extra feature, tol 1e-4, 1000 iterations), one row per window; a clip's decision values are the
 * mean over its windows.
 */
public final class LinearSvm implements Classifier {

    /** The paper's sweep of the SVM regularisation C (App. A). */
    public static final List<Double> PAPER_C_SWEEP = List.of(3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2);

    private final Model model;
    private final int dim;
    private final int classes;

    private LinearSvm(Model model, int dim, int classes) {
        this.model = model;
        this.dim = dim;
        this.classes = classes;
    }

    public static LinearSvm train(EmbeddingSet train, double c, long seed) {
        OutputLayout layout = train.layout();
        if (layout.sigmoid() || layout.groupCount() != 1) {
            throw new IllegalArgumentException("a linear SVM needs one softmax group of classes, got " + layout);
        }
        int width = layout.width();
        float[] targets = train.targets();
        Problem problem = new Problem();
        problem.l = train.rows();
        problem.n = train.dim() + 1;
        problem.bias = 1;
        problem.x = new Feature[train.rows()][];
        problem.y = new double[train.rows()];
        float[] x = train.x();
        for (int clip = 0; clip < train.clips(); clip++) {
            int label = argmax(targets, clip * width, width);
            for (int r = train.firstRow(clip); r < train.firstRow(clip) + train.rowCount(clip); r++) {
                problem.x[r] = features(x, r, train.dim());
                problem.y[r] = label;
            }
        }
        Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, c, 1e-4);
        parameter.setMaxIters(1000);
        parameter.setRandom(new Random(seed));
        Linear.disableDebugOutput();
        return new LinearSvm(Linear.train(problem, parameter), train.dim(), width);
    }

    @Override
    public float[] scores(float[] x, int rows) {
        int[] labels = model.getLabels();
        int nr = model.getNrClass();
        double[] decision = new double[nr];
        float[] out = new float[rows * classes];
        java.util.Arrays.fill(out, -1e30f); // classes never seen in training are never predicted
        for (int r = 0; r < rows; r++) {
            Linear.predictValues(model, features(x, r, dim), decision);
            if (nr == 2) { // LIBLINEAR keeps one decision value for two classes
                out[r * classes + labels[0]] = (float) decision[0];
                out[r * classes + labels[1]] = (float) -decision[0];
            } else {
                for (int k = 0; k < nr; k++) {
                    out[r * classes + labels[k]] = (float) decision[k];
                }
            }
        }
        return out;
    }

    private static Feature[] features(float[] x, int row, int dim) {
        Feature[] f = new Feature[dim + 1];
        for (int j = 0; j < dim; j++) {
            f[j] = new FeatureNode(j + 1, x[row * dim + j]);
        }
        f[dim] = new FeatureNode(dim + 1, 1.0);
        return f;
    }

    private static int argmax(float[] v, int offset, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (v[offset + k] > v[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
