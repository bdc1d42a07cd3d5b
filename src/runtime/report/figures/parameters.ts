// The parameters: prior against posterior density of each named parameter's entries, pooled
// (the paper's Fig. 3), and heatmaps of the posterior mean and sd of each weight matrix (Fig. 4).
import type { ParameterSummary } from '../../metrics/summary.js';
import type { Figure } from '../input.js';
import type { MatrixAxes } from '../parameter-axes.js';

export function priorPosteriorFigure(name: string, entries: number, samples: { prior: number[]; posterior: number[] }): Figure {
  const values = [
    ...samples.prior.map((value) => ({ distribution: 'prior', value })),
    ...samples.posterior.map((value) => ({ distribution: 'posterior', value })),
  ];
  return {
    name: `prior_posterior_${name}`,
    section: 'parameters',
    caption: `The prior and the posterior of ${name}: a posterior much narrower than the prior, or moved away from it, is what the data taught the model.`,
    spec: {
      title: {
        text: `${name}: prior and posterior density`,
        subtitle: `${entries === 1 ? 'its one entry' : `all ${entries} entries pooled`}; ${samples.posterior.length} samples of each`,
      },
      width: 440,
      height: 220,
      data: { values },
      transform: [{ density: 'value', groupby: ['distribution'], extent: commonExtent(samples.prior, samples.posterior), steps: 200 }],
      mark: { type: 'area', opacity: 0.3, line: { strokeWidth: 2 } },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: `value of an entry of ${name}` },
        y: { field: 'density', type: 'quantitative', title: 'probability density', stack: null },
        color: {
          field: 'distribution',
          type: 'nominal',
          scale: { domain: ['prior', 'posterior'], range: ['#8c8c8c', '#1f77b4'] },
          legend: { title: null, orient: 'top', direction: 'horizontal', symbolType: 'square' },
        },
      },
    },
  };
}

/** The central 99% of both sample sets together, so a heavy-tailed prior's outliers do not squash the plot. */
function commonExtent(a: number[], b: number[]): [number, number] {
  const all = Float64Array.from([...a, ...b]).sort();
  if (all.length === 0) return [-1, 1];
  const lo = all[Math.floor(0.005 * (all.length - 1))];
  const hi = all[Math.ceil(0.995 * (all.length - 1))];
  const pad = (hi - lo) * 0.05 || 0.5;
  return [lo - pad, hi + pad];
}

export function weightsFigure(name: string, s: ParameterSummary, axes: MatrixAxes, rowNames: string[] | undefined): Figure {
  const [rows, cols] = s.shape.length === 2 ? s.shape : [1, s.shape[0] ?? 1];
  const rowLabel = (i: number) => (rowNames?.length === rows ? rowNames[i] : String(i));
  const maxAbsMean = Math.max(1e-12, ...s.mean.map(Math.abs));
  const maxSd = Math.max(1e-12, ...s.sd);
  const values = s.mean.map((mean, k) => {
    const sd = s.sd[k];
    // The text on a cell is white where the colour under it is dark.
    return { row: rowLabel(Math.floor(k / cols)), column: String(k % cols), mean, sd, meanDark: Math.abs(mean) > 0.6 * maxAbsMean, sdDark: sd > 0.6 * maxSd };
  });
  const cell = Math.max(8, Math.min(32, Math.floor(420 / cols)));
  const showText = cell >= 26 && rows * cols <= 400;
  const rowOrder = Array.from({ length: rows }, (_, i) => rowLabel(i));
  const columnOrder = Array.from({ length: cols }, (_, j) => String(j));
  const panel = (field: 'mean' | 'sd') => ({
    title: { text: field === 'mean' ? 'posterior mean' : 'posterior sd', fontSize: 13, fontWeight: 'normal' as const },
    width: { step: cell },
    height: { step: cell },
    encoding: {
      x: { field: 'column', type: 'ordinal' as const, sort: columnOrder, title: axes.columns, axis: { labelAngle: 0 } },
      y: { field: 'row', type: 'ordinal' as const, sort: rowOrder, title: axes.rows },
    },
    layer: [
      {
        mark: { type: 'rect' as const },
        encoding: {
          color: {
            field,
            type: 'quantitative' as const,
            title: field === 'mean' ? 'mean' : 'sd',
            scale: field === 'mean' ? { scheme: 'blueorange', domain: [-maxAbsMean, maxAbsMean] } : { scheme: 'greens', domain: [0, maxSd] },
            legend: { orient: 'right' as const, gradientLength: Math.min(200, rows * cell) },
          },
        },
      },
      ...(showText
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10 },
              encoding: {
                text: { field, type: 'quantitative' as const, format: '.2f' },
                color: { condition: { test: `datum.${field}Dark`, value: 'white' }, value: '#222' },
              },
            },
          ]
        : []),
    ],
  });
  return {
    name: `weights_${name}`,
    section: 'parameters',
    caption: `Posterior mean and sd of each entry of ${name} (${rows} × ${cols}): a large mean with a small sd is a connection the model relies on.`,
    spec: {
      title: { text: `${name}: posterior mean and sd of each weight`, subtitle: `rows: ${axes.rows}; columns: ${axes.columns}` },
      data: { values },
      hconcat: [panel('mean'), panel('sd')],
      resolve: { scale: { color: 'independent' } },
      spacing: 24,
    },
  };
}
