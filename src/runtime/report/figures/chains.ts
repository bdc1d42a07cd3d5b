// NUTS's chains: the log density of every sampling iteration per chain (chains at different levels
// sit in different modes), the scores of the cases the chains agree on least, and MAP's trace.
import type { ChainPredictive, MapFitResults, NutsFitResults } from '../../results.js';
import type { Figure } from '../input.js';

export function chainLogDensityFigure(fit: NutsFitResults): Figure {
  const values = fit.lp.flatMap((lp, c) =>
    lp.map((v, k) => ({ chain: `chain ${c + 1}`, iteration: Math.round(((k + 0.5) * fit.draws) / lp.length), lp: v })),
  );
  return {
    name: 'chains_log_density',
    section: 'fit',
    caption:
      'The log density of each sampling iteration, one line per chain. Chains that overlap explore the same region; a chain at its own level sits in another mode of the posterior.',
    spec: {
      title: {
        text: 'Log density against iteration, per chain',
        subtitle: `${fit.chains} chains of ${fit.draws} sampling iterations after ${fit.warmup} of warmup`,
      },
      data: { values },
      width: 560,
      height: 200,
      mark: { type: 'line', strokeWidth: 1, opacity: 0.8 },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'sampling iteration' },
        y: { field: 'lp', type: 'quantitative', scale: { zero: false }, title: 'log density (nats)' },
        color: { field: 'chain', type: 'nominal', title: null },
      },
    },
  };
}

export function chainScoreFigure(cp: ChainPredictive): Figure {
  const values = cp.cases.flatMap((i, j) =>
    cp.score_traces[j].flatMap((trace, c) =>
      trace.map((score, k) => ({ case: `case ${i + 1}`, chain: `chain ${c + 1}`, draw: k + 1, score })),
    ),
  );
  return {
    name: 'chains_scores',
    section: 'fit',
    caption: `The predicted score of the ${cp.cases.length} evaluated cases whose chains agree least (largest R-hat), draw by draw, one line per chain: what a prediction rests on when the weights themselves are not identified.`,
    spec: {
      title: {
        text: 'Predicted score against draw, per chain',
        subtitle: 'the cases with the largest R-hat of their score',
      },
      data: { values },
      facet: { row: { field: 'case', type: 'nominal', title: null, sort: null } },
      spec: {
        width: 560,
        height: 90,
        mark: { type: 'line', strokeWidth: 1, opacity: 0.8 },
        encoding: {
          x: { field: 'draw', type: 'quantitative', title: 'draw of the chain' },
          y: { field: 'score', type: 'quantitative', title: 'score' },
          color: { field: 'chain', type: 'nominal', title: null },
        },
      },
    },
  };
}

export function mapTraceFigure(trace: MapFitResults['trace']): Figure {
  return {
    name: 'map_trace',
    section: 'fit',
    caption:
      'The log density (log prior + log likelihood) at each recorded step of the search for the posterior mode; a flat end means the optimizer has converged.',
    spec: {
      title: { text: 'Log density against step', subtitle: `${trace.step.length} recorded steps of Adam` },
      data: { values: trace.step.map((step, i) => ({ step, lp: trace.log_density[i] })) },
      width: 560,
      height: 200,
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'lp', type: 'quantitative', scale: { zero: false }, title: 'log density (nats)' },
      },
    },
  };
}
