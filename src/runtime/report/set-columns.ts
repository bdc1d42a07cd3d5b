// The evaluated sets side by side, printed by `bnnc run` and shown in report.html when a run
// evaluates several: one row per set in source order, the headline scores of the target's kind;
// and the sentence that says which fits and which threshold protocol produced the scores.
import type { RunResults, SetResults } from '../results.js';

/** Every evaluated set's scores; a results.json without `sets` (an earlier bnnc's) has its top level. */
export function setsOf(r: RunResults): SetResults[] {
  if (r.sets) return r.sets;
  if (!r.evaluate) return [];
  const { evaluate: ev } = r;
  return [{ ...r, set: ev.set, cases: ev.cases, draws: ev.draws }];
}

type Formatter = (x: number | undefined, digits?: number) => string;

const PROTOCOL_WORDS = { fixed: 'fixed', tuned: 'tuned', refit: 'refit' } as const;

export function setTableData(r: RunResults, f: Formatter): { title: string; header: string[]; rows: string[][] } {
  const sets = setsOf(r);
  const headline = r.evaluate?.set;
  const name = (s: SetResults) => `${s.set}${s.set === headline ? ' (headline)' : ''}`;
  const kind = r.evaluate?.target.kind;
  const title = `Scores by evaluated set (the top-level scores are the headline set's, '${headline ?? '-'}')`;
  if (kind === 'real' || kind === 'count') {
    return {
      title,
      header: ['set', 'cases', 'RMSE', 'MAE', 'R²', 'coverage 95%'],
      rows: sets.map((s) => [
        name(s),
        String(s.cases),
        f(s.regression?.rmse),
        f(s.regression?.mae),
        f(s.regression?.r2),
        f(s.regression?.coverage95, 3),
      ]),
    };
  }
  if (kind === 'binary') {
    // A set whose threshold was chosen on itself is marked: its scores are optimistic.
    const tuned = (s: SetResults) => (s.threshold_tuned_on_evaluated_set ? ' (tuned on it)' : '');
    return {
      title,
      header: ['set', 'cases', 'threshold', 'protocol', 'weighted F1', 'accuracy', 'ROC AUC', 'NLL', 'Brier', 'ECE'],
      rows: sets.map((s) => [
        name(s),
        String(s.cases),
        f(s.threshold, 2),
        (s.threshold_protocol ? PROTOCOL_WORDS[s.threshold_protocol] : '-') + tuned(s),
        f(s.f1_weighted),
        f(s.accuracy),
        f(s.auc),
        f(s.nll),
        f(s.brier),
        f(s.ece),
      ]),
    };
  }
  return {
    title,
    header: ['set', 'cases', 'accuracy', 'weighted F1', 'NLL', 'Brier', 'ECE'],
    rows: sets.map((s) => [name(s), String(s.cases), f(s.accuracy), f(s.f1_weighted), f(s.nll), f(s.brier), f(s.ece)]),
  };
}

/**
 * Which fits produced the scores: under the refit protocol, the first fit that chose the
 * threshold and the refit that was scored (and saved). Undefined for a single plain fit.
 */
export function protocolSentence(r: RunResults): string | undefined {
  const fits = r.fits ?? [];
  const first = fits.find((x) => x.role === 'threshold');
  const final = fits.find((x) => x.role === 'final');
  const rows = (x: { sets: string[]; rows: number; fitted_rows: number }) =>
    `${x.sets.map((s) => `'${s}'`).join(' and ')} (${x.rows} rows${x.fitted_rows !== x.rows ? `, ${x.fitted_rows} after balancing` : ''})`;
  if (first && final) {
    const on = final.sets
      .filter((s) => !first.sets.includes(s))
      .map((s) => `'${s}'`)
      .join(' and ');
    return `Protocol: refit. The threshold was chosen on ${on} with a fit on ${rows(first)}; the model was then fit again on ${rows(final)}, and every score below is of that refit (posterior.json is the refit's).`;
  }
  if (!final && r.fit === null && r.threshold_protocol === 'refit')
    return 'Protocol: refit. The scores are of the saved posterior (the refit), at the threshold its run chose with the first fit.';
  return undefined;
}
