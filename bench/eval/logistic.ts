/**
 * Plain L2-regularised logistic regression fitted by Newton's method (IRLS), for the evaluation's
 * supervised baselines. Features are standardised with the training rows' mean and deviation, so the
 * one regularisation strength means the same for every feature. Rows are a row-major Float64Array.
 */

export interface Dataset {
  readonly rows: number;
  readonly columns: number;
  /** Row-major, rows × columns. */
  readonly x: Float64Array;
}

export interface LogisticModel {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** columns + 1 weights; the last is the intercept. */
  readonly weights: Float64Array;
  readonly iterations: number;
}

export interface FitOptions {
  /** L2 penalty λ on the standardised weights (not the intercept). Default 1. */
  readonly lambda?: number;
  /** Default 25. */
  readonly maxIter?: number;
  /** Stop when the largest Newton step is below this. Default 1e-6. */
  readonly tol?: number;
}

/**
 * The row-major dataset of one feature column per array (every column one value per row).
 *
 * @example datasetOf([goodness, outDegree]) // rows = users, columns = 2
 */
export function datasetOf(columns: readonly Float64Array[]): Dataset {
  const n = columns[0]?.length ?? 0;
  const d = columns.length;
  const x = new Float64Array(n * d);
  for (let u = 0; u < n; u++) {
    for (let j = 0; j < d; j++) x[u * d + j] = columns[j]?.[u] as number;
  }
  return { rows: n, columns: d, x };
}

/**
 * Fits P(y = 1 | x) = σ(w·z + b) on the rows picked by `use` (z = standardised x).
 *
 * @example const model = fitLogistic(data, labels, trainRows)
 */
export function fitLogistic(
  data: Dataset,
  labels: ArrayLike<boolean>,
  use: Uint32Array,
  options: FitOptions = {},
): LogisticModel {
  const lambda = options.lambda ?? 1;
  const maxIter = options.maxIter ?? 25;
  const tol = options.tol ?? 1e-6;
  const d = data.columns;
  const p = d + 1;
  const { mean, scale } = standardisation(data, use);
  const w = new Float64Array(p);
  const z = new Float64Array(p);
  z[d] = 1;
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let k = 0; k < use.length; k++) {
      const r = use[k] as number;
      standardRow(data, r, mean, scale, z);
      const prob = sigmoid(dot(w, z));
      const err = prob - (labels[r] ? 1 : 0);
      const curvature = Math.max(prob * (1 - prob), 1e-12);
      for (let i = 0; i < p; i++) {
        const zi = z[i] as number;
        gradient[i] = (gradient[i] as number) + err * zi;
        const base = i * p;
        const czi = curvature * zi;
        for (let j = i; j < p; j++)
          hessian[base + j] = (hessian[base + j] as number) + czi * (z[j] as number);
      }
    }
    for (let i = 0; i < d; i++) {
      gradient[i] = (gradient[i] as number) + lambda * (w[i] as number);
      hessian[i * p + i] = (hessian[i * p + i] as number) + lambda;
    }
    for (let i = 0; i < p; i++)
      for (let j = 0; j < i; j++) hessian[i * p + j] = hessian[j * p + i] as number;
    const step = solve(hessian, gradient, p);
    let largest = 0;
    for (let i = 0; i < p; i++) {
      w[i] = (w[i] as number) - (step[i] as number);
      largest = Math.max(largest, Math.abs(step[i] as number));
    }
    if (largest < tol) {
      iterations++;
      break;
    }
  }
  return { mean, scale, weights: w, iterations };
}

/** The model's score (log-odds) of every row in `rows`. */
export function predictLogit(model: LogisticModel, data: Dataset, rows: Uint32Array): Float64Array {
  const z = new Float64Array(data.columns + 1);
  z[data.columns] = 1;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    standardRow(data, rows[k] as number, model.mean, model.scale, z);
    out[k] = dot(model.weights, z);
  }
  return out;
}

function standardisation(
  data: Dataset,
  use: Uint32Array,
): { mean: Float64Array; scale: Float64Array } {
  const d = data.columns;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (let k = 0; k < use.length; k++) {
    const base = (use[k] as number) * d;
    for (let j = 0; j < d; j++) {
      const v = data.x[base + j] as number;
      mean[j] = (mean[j] as number) + v;
      square[j] = (square[j] as number) + v * v;
    }
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const m = (mean[j] as number) / use.length;
    mean[j] = m;
    const variance = (square[j] as number) / use.length - m * m;
    scale[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  return { mean, scale };
}

function standardRow(
  data: Dataset,
  r: number,
  mean: Float64Array,
  scale: Float64Array,
  z: Float64Array,
): void {
  const base = r * data.columns;
  for (let j = 0; j < data.columns; j++) {
    z[j] = ((data.x[base + j] as number) - (mean[j] as number)) * (scale[j] as number);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** Solves A x = b for a symmetric positive definite A (p × p, row-major) by Cholesky. */
function solve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] as number) * (l[j * p + k] as number);
      if (i === j) l[i * p + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * p + j] = s / (l[j * p + j] as number);
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (x[k] as number);
    x[i] = s / (l[i * p + i] as number);
  }
  return x;
}
