// Gathering rows of a row-major matrix: for upsampling, minibatches and uploads. No TensorFlow
// here, so the data layer can use it without loading TF.js.

export function gatherRows(
  matrix: Float32Array,
  width: number,
  rows: ArrayLike<number>,
  out = new Float32Array(rows.length * width),
): Float32Array {
  if (out.length !== rows.length * width)
    throw new Error(`gatherRows: out has ${out.length} values, needs ${rows.length * width}`);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] * width;
    out.set(matrix.subarray(r, r + width), i * width);
  }
  return out;
}
