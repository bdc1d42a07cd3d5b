// One NUTS transition as Stan does it (Hoffman & Gelman 2014; Betancourt 2017): the trajectory
// doubles forward or backward at random; each new subtree is built by recursion, its states
// weighted by e^(H0 − H) (multinomial sampling), the top level biased towards the new subtree;
// doubling stops at the maximum depth, at a divergence (H − H0 > 1000), or when the generalized
// no-U-turn criterion fails across the whole trajectory or between its two halves.

import type { Rng } from '../rng.js';
import { Hamiltonian, PhasePoint } from './hamiltonian.js';

export const MAX_DELTA_H = 1000;

export interface TransitionStats {
  depth: number;
  leapfrogs: number;
  divergent: boolean;
  /** Mean Metropolis acceptance probability over the trajectory's states: what step-size adaptation targets. */
  acceptStat: number;
  /** H at the sampled state. */
  energy: number;
}

/** Vectors of one level of the recursion, allocated once. */
interface Level {
  proposeFinal: PhasePoint;
  pInitEnd: Float64Array;
  pSharpInitEnd: Float64Array;
  rhoInit: Float64Array;
  pFinalBeg: Float64Array;
  pSharpFinalBeg: Float64Array;
  rhoFinal: Float64Array;
  rhoExtended: Float64Array;
}

export class NutsTransition {
  private readonly dim: number;
  private readonly cur: PhasePoint;
  private readonly fwd: PhasePoint;
  private readonly bck: PhasePoint;
  private readonly sample: PhasePoint;
  private readonly propose: PhasePoint;
  private readonly levels: Level[] = [];
  private readonly v: Record<
    | 'pFwdFwd'
    | 'pSharpFwdFwd'
    | 'pFwdBck'
    | 'pSharpFwdBck'
    | 'pBckFwd'
    | 'pSharpBckFwd'
    | 'pBckBck'
    | 'pSharpBckBck'
    | 'rho'
    | 'rhoFwd'
    | 'rhoBck'
    | 'rhoExt',
    Float64Array
  >;
  // Per-transition tallies, read by buildTree's leaves.
  private H0 = 0;
  private leapfrogs = 0;
  private sumMetroProb = 0;
  private divergent = false;
  private eps = 1;

  constructor(
    private readonly ham: Hamiltonian,
    private readonly rng: Rng,
  ) {
    const D = (this.dim = ham.dim);
    this.cur = new PhasePoint(D);
    this.fwd = new PhasePoint(D);
    this.bck = new PhasePoint(D);
    this.sample = new PhasePoint(D);
    this.propose = new PhasePoint(D);
    const vec = () => new Float64Array(D);
    this.v = {
      pFwdFwd: vec(),
      pSharpFwdFwd: vec(),
      pFwdBck: vec(),
      pSharpFwdBck: vec(),
      pBckFwd: vec(),
      pSharpBckFwd: vec(),
      pBckBck: vec(),
      pSharpBckBck: vec(),
      rho: vec(),
      rhoFwd: vec(),
      rhoBck: vec(),
      rhoExt: vec(),
    };
  }

  /**
   * Moves z (position, log density and gradient at it; its momentum is drawn here) to the next
   * state of the chain with step size eps and at most 2^maxDepth − 1 leapfrog steps.
   */
  step(z: PhasePoint, eps: number, maxDepth: number): TransitionStats {
    const { ham, rng, v } = this;
    this.eps = eps;
    ham.sampleMomentum(z, () => rng.normal());
    this.cur.copyFrom(z);
    this.fwd.copyFrom(z);
    this.bck.copyFrom(z);
    this.sample.copyFrom(z);
    this.propose.copyFrom(z);
    v.pFwdFwd.set(z.p);
    ham.velocity(z.p, v.pSharpFwdFwd);
    v.pFwdBck.set(z.p);
    v.pSharpFwdBck.set(v.pSharpFwdFwd);
    v.pBckFwd.set(z.p);
    v.pSharpBckFwd.set(v.pSharpFwdFwd);
    v.pBckBck.set(z.p);
    v.pSharpBckBck.set(v.pSharpFwdFwd);
    v.rho.set(z.p);
    let logSumWeight = 0;
    this.H0 = ham.energy(z);
    this.leapfrogs = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < maxDepth) {
      v.rhoFwd.fill(0);
      v.rhoBck.fill(0);
      const sub = { logSumWeight: -Infinity };
      let valid: boolean;
      if (rng.next() > 0.5) {
        v.rhoBck.set(v.rho);
        v.pBckFwd.set(v.pFwdBck);
        v.pSharpBckFwd.set(v.pSharpFwdBck);
        this.cur.copyFrom(this.fwd);
        valid = this.buildTree(
          depth,
          this.propose,
          v.pSharpFwdBck,
          v.pSharpFwdFwd,
          v.rhoFwd,
          v.pFwdBck,
          v.pFwdFwd,
          1,
          sub,
        );
        this.fwd.copyFrom(this.cur);
      } else {
        v.rhoFwd.set(v.rho);
        v.pFwdBck.set(v.pBckFwd);
        v.pSharpFwdBck.set(v.pSharpBckFwd);
        this.cur.copyFrom(this.bck);
        valid = this.buildTree(
          depth,
          this.propose,
          v.pSharpBckFwd,
          v.pSharpBckBck,
          v.rhoBck,
          v.pBckFwd,
          v.pBckBck,
          -1,
          sub,
        );
        this.bck.copyFrom(this.cur);
      }
      if (!valid) break;
      depth++;
      // Biased progressive sampling: the new subtree's proposal replaces the sample with
      // probability min(1, w_new / w_old).
      if (sub.logSumWeight > logSumWeight || rng.next() < Math.exp(sub.logSumWeight - logSumWeight))
        this.sample.copyFrom(this.propose);
      logSumWeight = logSumExp(logSumWeight, sub.logSumWeight);
      add(v.rhoBck, v.rhoFwd, v.rho);
      let persist = uTurnFree(v.pSharpBckBck, v.pSharpFwdFwd, v.rho);
      add(v.rhoBck, v.pFwdBck, v.rhoExt);
      persist &&= uTurnFree(v.pSharpBckBck, v.pSharpFwdBck, v.rhoExt);
      add(v.rhoFwd, v.pBckFwd, v.rhoExt);
      persist &&= uTurnFree(v.pSharpBckFwd, v.pSharpFwdFwd, v.rhoExt);
      if (!persist) break;
    }
    z.copyFrom(this.sample);
    return {
      depth,
      leapfrogs: this.leapfrogs,
      divergent: this.divergent,
      acceptStat: this.leapfrogs > 0 ? this.sumMetroProb / this.leapfrogs : 0,
      energy: ham.energy(z),
    };
  }

  /**
   * A subtree of 2^depth leapfrog steps from this.cur in direction sign; returns whether it is
   * valid (no divergence, no U-turn inside). Adds its momenta into rho, its weights into
   * out.logSumWeight, and leaves its multinomial sample in propose.
   */
  private buildTree(
    depth: number,
    propose: PhasePoint,
    pSharpBeg: Float64Array,
    pSharpEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    sign: number,
    out: { logSumWeight: number },
  ): boolean {
    const { ham, cur } = this;
    if (depth === 0) {
      ham.leapfrog(cur, sign * this.eps);
      this.leapfrogs++;
      const h = ham.energy(cur);
      if (h - this.H0 > MAX_DELTA_H) this.divergent = true;
      out.logSumWeight = logSumExp(out.logSumWeight, this.H0 - h);
      this.sumMetroProb += this.H0 - h > 0 ? 1 : Math.exp(this.H0 - h);
      propose.copyFrom(cur);
      ham.velocity(cur.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      for (let i = 0; i < this.dim; i++) rho[i] += cur.p[i];
      pBeg.set(cur.p);
      pEnd.set(cur.p);
      return !this.divergent;
    }
    const L = this.level(depth);
    const init = { logSumWeight: -Infinity };
    L.rhoInit.fill(0);
    if (!this.buildTree(depth - 1, propose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd, sign, init))
      return false;
    const final = { logSumWeight: -Infinity };
    L.rhoFinal.fill(0);
    if (
      !this.buildTree(
        depth - 1,
        L.proposeFinal,
        L.pSharpFinalBeg,
        pSharpEnd,
        L.rhoFinal,
        L.pFinalBeg,
        pEnd,
        sign,
        final,
      )
    )
      return false;
    // Uniform multinomial sampling between the two halves.
    const subtree = logSumExp(init.logSumWeight, final.logSumWeight);
    out.logSumWeight = logSumExp(out.logSumWeight, subtree);
    if (final.logSumWeight > subtree || this.rng.next() < Math.exp(final.logSumWeight - subtree))
      propose.copyFrom(L.proposeFinal);
    const rhoSubtree = L.rhoExtended;
    add(L.rhoInit, L.rhoFinal, rhoSubtree);
    for (let i = 0; i < this.dim; i++) rho[i] += rhoSubtree[i];
    let persist = uTurnFree(pSharpBeg, pSharpEnd, rhoSubtree);
    // rhoExtended is reused: rhoSubtree is no longer needed once checked.
    add(L.rhoInit, L.pFinalBeg, L.rhoExtended);
    persist &&= uTurnFree(pSharpBeg, L.pSharpFinalBeg, L.rhoExtended);
    add(L.rhoFinal, L.pInitEnd, L.rhoExtended);
    persist &&= uTurnFree(L.pSharpInitEnd, pSharpEnd, L.rhoExtended);
    return persist;
  }

  private level(depth: number): Level {
    while (this.levels.length <= depth) {
      const D = this.dim;
      this.levels.push({
        proposeFinal: new PhasePoint(D),
        pInitEnd: new Float64Array(D),
        pSharpInitEnd: new Float64Array(D),
        rhoInit: new Float64Array(D),
        pFinalBeg: new Float64Array(D),
        pSharpFinalBeg: new Float64Array(D),
        rhoFinal: new Float64Array(D),
        rhoExtended: new Float64Array(D),
      });
    }
    return this.levels[depth];
  }
}

/** The generalized no-U-turn criterion: both ends still move along the summed momentum rho. */
function uTurnFree(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  let a = 0;
  let b = 0;
  for (let i = 0; i < rho.length; i++) {
    a += pSharpPlus[i] * rho[i];
    b += pSharpMinus[i] * rho[i];
  }
  return a > 0 && b > 0;
}

function add(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
