package org.hares.eval.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hares.NativeMemory;

/**
 * L2-regularised logistic regression fitted full-batch with L-BFGS, the fast protocol's head:
 * multinomial (softmax per group) or independent sigmoids. The objective is scikit-learn's
 * ({@code LogisticRegression(C=c)}, solver lbfgs): the weighted mean loss plus
 * {@code ‖W‖² / (2·C·Σw)}, intercept not penalised. Features are standardised with the training
 * mean and standard deviation (as {@code StandardScaler} would), then the loss and its gradient
 * run in libtorch.
 */
public final class LogisticRegression implements AutoCloseable {

    /** scikit-learn's default tolerance on the largest gradient component. */
    public static final double TOLERANCE = 1e-4;

    private final NDManager manager;
    private final NDArray x;
    private final NDArray y;
    private final NDArray w;
    private final double weightSum;
    private final int dim;
    private final OutputLayout layout;
    private final float[] mean;
    private final float[] scale;
    /** Per-evaluation buffers, reused: fresh ones each time grow the Java heap page by page on small sets. */
    private final float[] wFlat;
    private final float[] bFlat;
    private final float[] gwT;
    private final float[] gb;

    /**
     * @param x       rows × dim training matrix (row-major)
     * @param targets rows × width targets
     * @param weights one weight per row
     */
    public LogisticRegression(float[] x, int dim, float[] targets, float[] weights, OutputLayout layout) {
        this.dim = dim;
        this.layout = layout;
        int rows = x.length / dim;
        if (targets.length != rows * layout.width() || weights.length != rows) {
            throw new IllegalArgumentException("need " + rows + " rows of targets and weights");
        }
        double[][] moments = columnMoments(x, dim);
        this.mean = new float[dim];
        this.scale = new float[dim];
        for (int j = 0; j < dim; j++) {
            mean[j] = (float) moments[0][j];
            double sd = Math.sqrt(moments[1][j]);
            scale[j] = sd > 1e-12 ? (float) sd : 1f; // constant columns stay 0, as StandardScaler leaves them
        }
        this.manager = NDManager.newBaseManager();
        NDArray raw = manager.create(x, new Shape(rows, dim));
        this.x = raw.subi(manager.create(mean)).divi(manager.create(scale));
        this.y = manager.create(targets, new Shape(rows, layout.width()));
        double sum = 0;
        for (float v : weights) {
            sum += v;
        }
        this.weightSum = sum;
        this.w = manager.create(weights, new Shape(rows, 1)).div((float) sum);
        this.wFlat = new float[dim * layout.width()];
        this.bFlat = new float[layout.width()];
        this.gwT = new float[dim * layout.width()];
        this.gb = new float[layout.width()];
    }

    public static LogisticRegression of(EmbeddingSet set, boolean clipBalanced) {
        float[] weights = clipBalanced ? set.clipBalancedRowWeights() : ones(set.rows());
        return new LogisticRegression(set.x(), set.dim(), set.rowTargets(), weights, set.layout());
    }

    /** Parameter count: dim × width weights then width intercepts. */
    public int parameterCount() {
        return (dim + 1) * layout.width();
    }

    /**
     * Fits at regularisation {@code c} from {@code start} (zeros when null).
     *
     * @return the fitted head and the optimiser's report
     */
    public Fit fit(double c, double[] start, int maxIterations) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be positive, got " + c);
        }
        double l2 = 1 / (c * weightSum);
        double[] theta0 = start == null ? new double[parameterCount()] : start.clone();
        Lbfgs.Result r = Lbfgs.minimize((theta, gradient) -> evaluate(theta, l2, gradient), theta0, maxIterations, TOLERANCE);
        NativeMemory.release(); // the evaluations' freed temporaries stay resident under the launcher's jemalloc otherwise
        return new Fit(c, r, head(r.theta()));
    }

    /**
     * A fitted model.
     *
     * @param c      the regularisation it was fitted at
     * @param result L-BFGS report (iterations, convergence)
     * @param head   the classifier (standardises its input itself)
     */
    public record Fit(double c, Lbfgs.Result result, DenseHead head) {}

    private double evaluate(double[] theta, double l2, double[] gradient) {
        int width = layout.width();
        int weights = dim * width;
        split(theta, wFlat, bFlat);
        try (NDManager step = manager.newSubManager()) {
            NDArray weightArray = step.create(wFlat, new Shape(dim, width));
            NDArray bias = step.create(bFlat);
            // results of ops on the resident x land in x's manager: move them into this step's, or they pile up
            NDArray logits = x.matMul(weightArray);
            logits.attach(step);
            logits.addi(bias);
            // the per-row loss is a vector: weight it as a column, or it broadcasts to rows × rows
            double loss = Outputs.rowLoss(logits, y, layout).expandDims(1).mul(w).sum().getFloat();
            NDArray g = Outputs.probabilities(logits, layout).subi(y).muli(w);
            // gᵀ·x (width × dim) rather than xᵀ·g: no transposed view of the large resident matrix
            g.transpose().matMul(x).toByteBuffer().asFloatBuffer().get(gwT);
            g.sum(new int[] {0}).toByteBuffer().asFloatBuffer().get(gb);
            double penalty = 0;
            for (int j = 0; j < dim; j++) {
                for (int k = 0; k < width; k++) {
                    int i = j * width + k;
                    penalty += theta[i] * theta[i];
                    gradient[i] = gwT[k * dim + j] + l2 * theta[i];
                }
            }
            for (int k = 0; k < width; k++) {
                gradient[weights + k] = gb[k];
            }
            return loss + 0.5 * l2 * penalty;
        }
    }

    private DenseHead head(double[] theta) {
        float[] weights = new float[wFlat.length];
        float[] bias = new float[bFlat.length];
        split(theta, weights, bias);
        return new DenseHead(dim, 0, weights, bias, new float[0], new float[0], mean.clone(), scale.clone(), layout);
    }

    /** θ = dim × width weights then width intercepts, as float. */
    private static void split(double[] theta, float[] weights, float[] bias) {
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) theta[i];
        }
        for (int k = 0; k < bias.length; k++) {
            bias[k] = (float) theta[weights.length + k];
        }
    }

    private static double[][] columnMoments(float[] x, int dim) {
        int rows = x.length / dim;
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int j = 0, o = r * dim; j < dim; j++) {
                mean[j] += x[o + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0, o = r * dim; j < dim; j++) {
                double d = x[o + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            var[j] /= rows;
        }
        return new double[][] {mean, var};
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
