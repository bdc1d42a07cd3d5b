// The lines `bnnc run` prints about the fit: how it went, and for NUTS whether to trust it.
import type { MixingSummary, RunResults } from '../results.js';
import { chainPredictiveTableData } from './chain-columns.js';
import { table } from './table.js';

const f = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

export function fitLines(res: RunResults): string[] {
  const fit = res.fit;
  if (!fit) return [];
  switch (fit.method) {
    case 'vi':
      return [
        `Fit: ${fit.steps} steps of mean-field VI${fit.restarts ? ` from each of ${fit.restarts.per_restart.length} seeds` : ''} in ${fit.seconds.toFixed(1)} s on ${res.backend}; final ELBO ${fit.final_elbo.toFixed(2)}.`,
      ];
    case 'map':
      return [
        `Fit: the posterior mode (MAP) by ${fit.steps} steps of Adam in ${fit.seconds.toFixed(1)} s on ${res.backend}; log density at the mode ${fit.log_density.toFixed(2)}.`,
      ];
    case 'nuts': {
      const d = fit.diagnostics;
      const out = [
        `Fit: NUTS, ${fit.chains} chain${fit.chains > 1 ? 's' : ''} of ${fit.warmup} warmup and ${fit.draws} sampling iterations in ${fit.seconds.toFixed(1)} s (${f(fit.seconds_per_1000_gradients, 2)} s per 1,000 gradients).`,
        table(
          ['chain', 'step size', 'mean depth', `at depth ${fit.max_depth}`, 'divergent', 'E-BFMI', 'seconds'],
          fit.per_chain.map((c) => [
            String(c.chain),
            c.step_size.toPrecision(3),
            f(c.mean_tree_depth, 2),
            String(c.max_depth_hits),
            String(c.divergences),
            f(c.ebfmi, 2),
            f(c.seconds.warmup + c.seconds.sampling, 1),
          ]),
        ),
      ];
      if (fit.chains > 1) {
        out.push(
          'Mixing across chains (rank-normalized split R-hat, bulk and tail ESS):',
          `  parameters: ${mixingLine(d.params)}`,
        );
        if (d.scores) out.push(`  predicted scores of the ${d.scores.count} evaluated cases: ${mixingLine(d.scores)}`);
      }
      return out;
    }
  }
}

function mixingLine(m: MixingSummary): string {
  return `worst R-hat ${f(m.rhat_max, 3)} (${m.rhat_worst}), ${m.rhat_over_1_01} of ${m.count} above 1.01; smallest ESS bulk ${Math.round(m.ess_bulk_min)}, tail ${Math.round(m.ess_tail_min)}`;
}

/** Each chain's own scores, when there are several. */
export function chainPredictiveLines(res: RunResults): string[] {
  const cp = res.chain_predictive;
  if (!cp) return [];
  const t = chainPredictiveTableData(cp, (x) => f(x));
  return ['', 'Each chain on its own (chains in different modes predict differently):', table(t.header, t.rows)];
}
