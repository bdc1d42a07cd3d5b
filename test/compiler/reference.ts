// An independent float64 evaluator of an IRModel's log joint, written plainly for tests:
// the compiled TensorFlow.js model must agree with it, and its central differences check the
// compiled gradients.

import type { IRExpr, IRModel, IRPrior } from '../../src/compiler/ir.js';
import type { TrainingData } from '../../src/compiler/data.js';

interface Arr {
  shape: number[];
  data: Float64Array;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function broadcast(a: Arr, b: Arr, f: (x: number, y: number) => number): Arr {
  const r = Math.max(a.shape.length, b.shape.length);
  const pa = [...new Array(r - a.shape.length).fill(1), ...a.shape];
  const pb = [...new Array(r - b.shape.length).fill(1), ...b.shape];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const data = new Float64Array(size(out));
  const idx = new Array(r).fill(0);
  const flat = (p: number[]) => {
    let o = 0;
    for (let i = 0; i < r; i++) o = o * p[i] + (p[i] === 1 ? 0 : idx[i]);
    return o;
  };
  for (let k = 0; k < data.length; k++) {
    let rem = k;
    for (let i = r - 1; i >= 0; i--) {
      idx[i] = rem % out[i];
      rem = Math.floor(rem / out[i]);
    }
    data[k] = f(a.data[flat(pa)], b.data[flat(pb)]);
  }
  return { shape: out, data };
}

function map(a: Arr, f: (x: number) => number): Arr {
  return { shape: a.shape, data: a.data.map(f) };
}

function matmul(a: Arr, b: Arr): Arr {
  const A = a.shape.length === 1 ? { shape: [1, a.shape[0]], data: a.data } : a;
  const B = b.shape.length === 1 ? { shape: [b.shape[0], 1], data: b.data } : b;
  const [n, k] = A.shape;
  const m = B.shape[1];
  const data = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += A.data[i * k + q] * B.data[q * m + j];
      data[i * m + j] = s;
    }
  const shape: number[] = [];
  if (a.shape.length === 2) shape.push(n);
  if (b.shape.length === 2) shape.push(m);
  return { shape, data };
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

function softmaxLast(a: Arr): Arr {
  const m = a.shape[a.shape.length - 1];
  const data = new Float64Array(a.data.length);
  for (let o = 0; o < a.data.length; o += m) {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) mx = Math.max(mx, a.data[o + j]);
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.exp(a.data[o + j] - mx);
    for (let j = 0; j < m; j++) data[o + j] = Math.exp(a.data[o + j] - mx) / s;
  }
  return { shape: a.shape, data };
}

function logGammaHalfInt(x2: number): number {
  // log Γ(x2 / 2) for a positive integer x2, exactly by recursion.
  let v = x2 % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI); // Γ(1) = 1, Γ(1/2) = √π
  for (let t = x2 % 2 === 0 ? 2 : 1; t < x2; t += 2) v += Math.log(t / 2);
  return v;
}

function logPrior(p: IRPrior, th: number): number {
  switch (p.dist) {
    case 'Normal':
      return -0.5 * ((th - p.mu) / p.sigma) ** 2 - Math.log(p.sigma * Math.sqrt(2 * Math.PI));
    case 'Laplace':
      return -Math.abs(th - p.mu) / p.b - Math.log(2 * p.b);
    case 'StudentT': {
      if (!Number.isInteger(p.nu)) throw new Error('reference StudentT needs an integer nu');
      const t = (th - p.mu) / p.sigma;
      return (
        logGammaHalfInt(p.nu + 1) -
        logGammaHalfInt(p.nu) -
        0.5 * Math.log(p.nu * Math.PI) -
        Math.log(p.sigma) -
        ((p.nu + 1) / 2) * Math.log(1 + (t * t) / p.nu)
      );
    }
    case 'HalfNormal':
      return th < 0 ? -Infinity : Math.log(2) - 0.5 * (th / p.sigma) ** 2 - Math.log(p.sigma * Math.sqrt(2 * Math.PI));
    case 'LogNormal':
      return -Math.log(th) - 0.5 * ((Math.log(th) - p.mu) / p.sigma) ** 2 - Math.log(p.sigma * Math.sqrt(2 * Math.PI));
  }
}

export function referenceLogJoint(ir: IRModel, flat: ArrayLike<number>, data: TrainingData): number {
  const params = new Map<string, Arr>();
  let off = 0;
  let lp = 0;
  for (const p of ir.params) {
    const n = size(p.shape);
    const positive = p.positive || p.prior.dist === 'HalfNormal' || p.prior.dist === 'LogNormal';
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z = flat[off + i];
      v[i] = positive ? Math.exp(z) : z;
      lp += logPrior(p.prior, v[i]) + (positive ? z : 0);
    }
    params.set(p.name, { shape: p.shape, data: v });
    off += n;
  }
  const nodes = new Map<string, Arr>();
  const ev = (e: IRExpr): Arr => {
    switch (e.op) {
      case 'input':
        return { shape: [data.n, data.widths[e.name]], data: Float64Array.from(data.features[e.name]) };
      case 'param':
        return params.get(e.name)!;
      case 'node':
        return nodes.get(e.name)!;
      case 'const':
        return { shape: [], data: Float64Array.of(e.value) };
      case 'matmul':
        return matmul(ev(e.a), ev(e.b));
      case 'add':
        return broadcast(ev(e.a), ev(e.b), (x, y) => x + y);
      case 'sub':
        return broadcast(ev(e.a), ev(e.b), (x, y) => x - y);
      case 'mul':
        return broadcast(ev(e.a), ev(e.b), (x, y) => x * y);
      case 'div':
        return broadcast(ev(e.a), ev(e.b), (x, y) => x / y);
      case 'neg':
        return map(ev(e.a), (x) => -x);
      case 'act': {
        const a = ev(e.a);
        const alpha = e.alpha ?? 0.01;
        switch (e.fn) {
          case 'relu':
            return map(a, (x) => Math.max(0, x));
          case 'tanh':
            return map(a, Math.tanh);
          case 'sigmoid':
            return map(a, (x) => 1 / (1 + Math.exp(-x)));
          case 'softplus':
            return map(a, softplus);
          case 'elu':
            return map(a, (x) => (x > 0 ? x : Math.expm1(x)));
          case 'leaky_relu':
            return map(a, (x) => (x > 0 ? x : alpha * x));
          case 'softmax':
            return softmaxLast(a);
          case 'identity':
            return a;
          case 'exp':
            return map(a, Math.exp);
          case 'sqrt':
            return map(a, Math.sqrt);
        }
      }
    }
  };
  // Non-centred parameters: θ = loc + scale · base (LogNormal: exp(loc + scale · log base)), parents first.
  const done = new Set(ir.params.filter((p) => !p.noncentred).map((p) => p.name));
  const uses = (e: IRExpr): string[] =>
    e.op === 'param' ? [e.name] : 'a' in e ? [...uses(e.a), ...('b' in e ? uses(e.b) : [])] : [];
  while (done.size < ir.params.length) {
    for (const p of ir.params) {
      const nc = p.noncentred;
      if (!nc || done.has(p.name) || ![...uses(nc.loc), ...uses(nc.scale)].every((u) => done.has(u))) continue;
      const base = params.get(p.name)!;
      const log = p.prior.dist === 'LogNormal';
      const scaled = broadcast(base, ev(nc.scale), (b, s) => (log ? Math.log(b) : b) * s);
      const theta = broadcast(scaled, ev(nc.loc), (x, l) => (log ? Math.exp(x + l) : x + l));
      params.set(p.name, { shape: p.shape, data: theta.data });
      done.add(p.name);
    }
  }
  for (const n of ir.nodes) nodes.set(n.name, ev(n.expr));
  const y = data.target;
  const N = data.n;
  const EPS = 1e-6;
  let ll = 0;
  const l = ir.likelihood;
  if (l.dist === 'Bernoulli') {
    if ('logit' in l) {
      const f = ev(l.logit).data;
      for (let i = 0; i < N; i++) ll += y[i] * f[i] - softplus(f[i]);
    } else {
      const p = ev(l.prob).data;
      for (let i = 0; i < N; i++) {
        const q = Math.min(1 - EPS, Math.max(EPS, p[i]));
        ll += y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
      }
    }
  } else if (l.dist === 'Categorical') {
    const k = l.classes;
    if ('logits' in l) {
      const L = ev(l.logits).data;
      for (let i = 0; i < N; i++) {
        let mx = -Infinity;
        for (let j = 0; j < k; j++) mx = Math.max(mx, L[i * k + j]);
        let s = 0;
        for (let j = 0; j < k; j++) s += Math.exp(L[i * k + j] - mx);
        ll += L[i * k + y[i]] - mx - Math.log(s);
      }
    } else {
      const P = ev(l.probs).data;
      for (let i = 0; i < N; i++) ll += Math.log(Math.max(EPS, P[i * k + y[i]]));
    }
  } else if (l.dist === 'Poisson') {
    const h = 'logRate' in l ? ev(l.logRate).data : ev(l.rate).data;
    for (let i = 0; i < N; i++) {
      const rate = 'logRate' in l ? Math.exp(h[i]) : h[i];
      ll += y[i] * Math.log(rate) - rate - stirlingLogGamma(y[i] + 1);
    }
  } else if (l.dist === 'StudentT') {
    const mu = ev(l.mean);
    const sg = ev(l.sigma);
    const nu = ev(l.nu);
    const yy: Arr = { shape: mu.shape, data: Float64Array.from(y) };
    const t = broadcast(
      broadcast(yy, mu, (a, b) => a - b),
      sg,
      (d, s) => d / s,
    );
    const withNu = broadcast(
      t,
      nu,
      (tt, v) =>
        stirlingLogGamma((v + 1) / 2) -
        stirlingLogGamma(v / 2) -
        0.5 * Math.log(v * Math.PI) -
        ((v + 1) / 2) * Math.log(1 + (tt * tt) / v),
    );
    const logSigma = broadcast(t, sg, (_tt, s) => Math.log(s));
    withNu.data.forEach((v, i) => (ll += v - logSigma.data[i]));
  } else {
    const mu = ev(l.mean);
    const sg = ev(l.sigma);
    const yy: Arr = { shape: mu.shape, data: Float64Array.from(y) };
    const r = broadcast(
      broadcast(yy, mu, (a, b) => a - b),
      sg,
      (d, s) => -0.5 * (d / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI),
    );
    for (const v of r.data) ll += v;
  }
  return lp + ll;
}

/** log Γ(x), x > 0, by shifting above 10 and Stirling's series (not the executors' Lanczos). */
function stirlingLogGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    1 / (12 * x) -
    1 / (360 * x ** 3) +
    1 / (1260 * x ** 5) -
    shift
  );
}

/** Central differences of the reference log joint. */
export function referenceGrad(ir: IRModel, flat: ArrayLike<number>, data: TrainingData, h = 1e-6): Float64Array {
  const x = Float64Array.from(flat);
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = referenceLogJoint(ir, x, data);
    x[i] = x0 - h;
    const dn = referenceLogJoint(ir, x, data);
    x[i] = x0;
    g[i] = (up - dn) / (2 * h);
  }
  return g;
}
