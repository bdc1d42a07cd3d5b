// The likelihood term of one Pass: per-sample log-likelihood sums [S] and, when the pass is
// recording, the seed gradients d(scale · loglik)/d(head) that backward() propagates; and the
// per-draw scores used for prediction.

import * as tf from '@tensorflow/tfjs';
import type { IRLikelihood } from '../ir.js';
import type { Pass, Val } from './pass.js';
import { broadcastShapes, ModelShapeError } from './shapes.js';

/** Probabilities are clipped to [PROB_EPS, 1 − PROB_EPS] before their log is taken. */
export const PROB_EPS = 1e-6;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function perSample(pass: Pass, t: tf.Tensor): tf.Tensor {
  return tf.sum(tf.reshape(t, [pass.S, -1]), 1);
}

/** The row-wise head as a batched tensor whose rows line up with the target's. */
function rowHead(pass: Pass, v: Val, n: number, what: string): tf.Tensor {
  const size = v.shape.reduce((a, b) => a * b, 1);
  if (v.shape[0] !== n || size !== n) {
    throw new ModelShapeError(`${what} must have one value per row ([N] or [N, 1]), got [${v.shape.join(', ')}]`);
  }
  return pass.batchedTensor(v);
}

/**
 * scale · Σ_rows log p(y | head) for each of the S draws, as factor · sums (the factor is
 * applied in JS, saving tensor ops); y is the float target [n] (binary or real) or the one-hot
 * target [n, K] (categorical).
 */
export function logLikelihood(pass: Pass, lik: IRLikelihood, y: tf.Tensor, scale: number, grad: boolean): { sums: tf.Tensor; factor: number } {
  const n = y.shape[0];
  switch (lik.dist) {
    case 'Bernoulli': {
      if ('logit' in lik) {
        // log p(y | f) = −softplus((1 − 2y) f), d/df = (2y − 1) · sigmoid((1 − 2y) f).
        const v = pass.eval(lik.logit);
        const f = rowHead(pass, v, n, 'the Bernoulli logit');
        // Made at f's full shape: broadcasting elementwise ops are much slower on wasm.
        const key = f.shape.join('x');
        const flip = pass.cached(`bernoulli-flip:${key}`, () => tf.broadcastTo(tf.reshape(tf.sub(1, tf.mul(2, y)), f.shape.slice(1)), f.shape));
        const u = tf.mul(flip, f);
        const negLl = perSample(pass, tf.softplus(u));
        if (grad) {
          const sign = pass.cached(`bernoulli-sign:${key}:${scale}`, () => tf.mul(flip, -scale));
          pass.addGrad(v, tf.reshape(tf.mul(tf.sigmoid(u), sign), [pass.S, ...v.shape]));
        }
        return { sums: negLl, factor: -scale };
      }
      const v = pass.eval(lik.prob);
      const p = rowHead(pass, v, n, 'the Bernoulli probability');
      const yy = tf.reshape(y, p.shape.slice(1));
      const pc = tf.clipByValue(p, PROB_EPS, 1 - PROB_EPS);
      const q = tf.sub(1, pc);
      const ll = perSample(pass, tf.add(tf.mul(yy, tf.log(pc)), tf.mul(tf.sub(1, yy), tf.log(q))));
      if (grad) {
        const d = tf.sub(tf.div(yy, pc), tf.div(tf.sub(1, yy), q));
        const inside = tf.logicalAnd(tf.greater(p, PROB_EPS), tf.less(p, 1 - PROB_EPS));
        const g = tf.mul(tf.where(inside, d, tf.zerosLike(d)), scale);
        pass.addGrad(v, tf.reshape(g, [pass.S, ...v.shape]));
      }
      return { sums: ll, factor: scale };
    }
    case 'Categorical': {
      const k = lik.classes;
      const v = pass.eval('logits' in lik ? lik.logits : lik.probs);
      if (v.shape.length !== 2 || v.shape[0] !== n || v.shape[1] !== k) {
        throw new ModelShapeError(`the Categorical ${'logits' in lik ? 'logits' : 'probs'} must be [N, ${k}], got [${v.shape.join(', ')}]`);
      }
      const h = pass.batchedTensor(v);
      let ll: tf.Tensor;
      if ('logits' in lik) {
        const lse = tf.logSumExp(h, -1, true);
        ll = tf.sub(perSample(pass, tf.mul(y, h)), perSample(pass, lse));
        if (grad) pass.addGrad(v, tf.mul(tf.sub(y, tf.exp(tf.sub(h, lse))), scale));
      } else {
        const pc = tf.clipByValue(h, PROB_EPS, 1);
        ll = perSample(pass, tf.mul(y, tf.log(pc)));
        if (grad) {
          const inside = tf.greater(h, PROB_EPS);
          const d = tf.div(y, pc);
          pass.addGrad(v, tf.mul(tf.where(inside, d, tf.zerosLike(d)), scale));
        }
      }
      return { sums: ll, factor: scale };
    }
    case 'Normal': {
      const mu = pass.eval(lik.mean);
      const sg = pass.eval(lik.sigma);
      const muSize = mu.shape.reduce((a, b) => a * b, 1);
      if (mu.shape[0] !== n || muSize !== n) {
        throw new ModelShapeError(`the Normal mean must have one value per row ([N] or [N, 1]), got [${mu.shape.join(', ')}]`);
      }
      const r = broadcastShapes(mu.shape, sg.shape, 'the Normal mean and sigma') as number[];
      const yy = tf.reshape(y, mu.shape);
      const mt = pass.aligned(mu, r.length);
      const st = pass.aligned(sg, r.length);
      const z = tf.div(tf.sub(yy, mt), st);
      // −½z² − log σ − ½log 2π, broadcast to the full [S, ...r] before summing so a shared σ
      // counts once per row.
      let lp = tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(st), HALF_LOG_2PI));
      if (!(mu.batched || sg.batched)) lp = tf.expandDims(lp, 0);
      const full = tf.broadcastTo(lp, [pass.S, ...r]);
      const ll = perSample(pass, full);
      if (grad) {
        if (mu.batched) pass.addGrad(mu, pass.reduceTo(tf.broadcastTo(tf.mul(tf.div(z, st), scale), [pass.S, ...r]), r, mu));
        if (sg.batched) {
          const dsg = tf.mul(tf.div(tf.sub(tf.square(z), 1), st), scale);
          pass.addGrad(sg, pass.reduceTo(tf.broadcastTo(dsg, [pass.S, ...r]), r, sg));
        }
      }
      return { sums: ll, factor: scale };
    }
  }
}

/**
 * Per-draw scores: P(y = 1) [S, n] for Bernoulli, class probabilities [S, n, K] for
 * Categorical, the mean [S, n] for Normal.
 */
export function likelihoodScores(pass: Pass, lik: IRLikelihood, n: number): tf.Tensor {
  switch (lik.dist) {
    case 'Bernoulli': {
      if ('logit' in lik) {
        const f = rowHead(pass, pass.eval(lik.logit), n, 'the Bernoulli logit');
        return tf.reshape(tf.sigmoid(f), [pass.S, n]);
      }
      const p = rowHead(pass, pass.eval(lik.prob), n, 'the Bernoulli probability');
      return tf.reshape(tf.clipByValue(p, 0, 1), [pass.S, n]);
    }
    case 'Categorical': {
      const v = pass.eval('logits' in lik ? lik.logits : lik.probs);
      if (v.shape.length !== 2 || v.shape[0] !== n || v.shape[1] !== lik.classes) {
        throw new ModelShapeError(`the Categorical output must be [N, ${lik.classes}], got [${v.shape.join(', ')}]`);
      }
      const h = pass.batchedTensor(v);
      return 'logits' in lik ? tf.softmax(h) : h;
    }
    case 'Normal': {
      const mu = rowHead(pass, pass.eval(lik.mean), n, 'the Normal mean');
      return tf.reshape(mu, [pass.S, n]);
    }
  }
}

/** Per-draw sigma [S, n] of a Normal likelihood: one per row, or one shared by all rows. */
export function likelihoodSigma(pass: Pass, lik: IRLikelihood, n: number): tf.Tensor {
  if (lik.dist !== 'Normal') throw new Error(`a ${lik.dist} likelihood has no sigma`);
  const sg = pass.eval(lik.sigma);
  const size = sg.shape.reduce((a, b) => a * b, 1);
  if (size !== n && size !== 1) throw new ModelShapeError(`the Normal sigma must have one value per row or one for all, got [${sg.shape.join(', ')}]`);
  return tf.broadcastTo(tf.reshape(pass.batchedTensor(sg), [pass.S, size]), [pass.S, n]);
}
