// The fit: the ELBO against step, with its two parts, one panel each (their scales differ).
import type { ElboTrace } from '../../results.js';
import type { Figure } from '../input.js';

const PANELS = [
  { key: 'elbo', title: 'ELBO = expected log-likelihood − KL' },
  { key: 'loglik', title: 'expected log-likelihood of the training data' },
  { key: 'kl', title: 'KL divergence of the approximate posterior from the prior' },
] as const;

export function elboFigure(trace: ElboTrace): Figure {
  const values = trace.step.map((step, i) => ({ step, elbo: trace.elbo[i], loglik: trace.loglik[i], kl: trace.kl[i] }));
  return {
    name: 'elbo',
    section: 'fit',
    caption:
      'The evidence lower bound (ELBO) and its two parts at each recorded step of the fit; a flat end means the fit has converged.',
    spec: {
      title: {
        text: 'ELBO against step, with its two parts',
        subtitle: `${trace.step.length} recorded steps of variational inference`,
      },
      data: { values },
      vconcat: PANELS.map((p, i) => ({
        title: { text: p.title, fontSize: 13, fontWeight: 'normal' as const },
        width: 560,
        height: 120,
        mark: { type: 'line' as const, strokeWidth: 1.5, color: ['#1f77b4', '#2ca02c', '#d62728'][i] },
        encoding: {
          x: {
            field: 'step',
            type: 'quantitative' as const,
            // Only the bottom panel carries the step axis's labels and title.
            axis: i === PANELS.length - 1 ? { title: 'step' } : { title: null, labels: false },
          },
          y: {
            field: p.key,
            type: 'quantitative' as const,
            scale: { zero: false },
            axis: { title: 'nats', tickCount: 4 },
          },
        },
      })),
      resolve: { scale: { x: 'shared' } },
      spacing: 12,
    },
  };
}
