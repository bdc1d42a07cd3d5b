// results.json's fit.restarts: each restart's final ELBO and scores on the evaluated set, and
// the min / median / max of every score over the restarts.
import type { FitScores, RestartResults } from './results.js';
import type { Restarts } from './vi/index.js';

export function restartSummary(keep: RestartResults['keep'], r: Restarts): RestartResults {
  return {
    keep,
    ranked_by: 'final_elbo',
    best: r.best,
    per_restart: r.fits.map((f, k) => ({
      restart: k,
      final_elbo: r.health[k].final_elbo,
      final_elbo_se: r.health[k].final_elbo_se,
      psis_khat: r.health[k].psis_khat,
      seconds: f.seconds,
    })),
  };
}

/** Adds each restart's scores, their spread and the kept fit's scores. */
export function addRestartScores(summary: RestartResults, perRestart: FitScores[], kept: FitScores): void {
  perRestart.forEach((s, k) => Object.assign(summary.per_restart[k], s));
  summary.kept = kept;
  const spread: NonNullable<RestartResults['spread']> = {};
  for (const key of Object.keys(perRestart[0] ?? {}) as (keyof FitScores)[]) {
    const v = perRestart
      .map((s) => s[key])
      .filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
      .sort((a, b) => a - b);
    if (v.length > 0) spread[key] = { min: v[0], median: median(v), max: v[v.length - 1] };
  }
  summary.spread = spread;
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
