// The parameters: prior against posterior density of each named parameter's entries (the paper's
// Fig. 3), one panel per hidden unit where the parameter's entries belong to units, so that a
// unit the fit switched off shows as a posterior on its prior; and heatmaps of the posterior mean
// and sd of each weight matrix (Fig. 4), the units at their prior outlined.
import type { ParameterSummary } from '../../metrics/summary.js';
import type { Figure } from '../input.js';
import type { MatrixAxes } from '../parameter-axes.js';

/**
 * Which unit each entry of a parameter belongs to: its column when the columns are units (x @ W0:
 * the units of h), its row when the rows are (h @ W1), itself for a vector of biases; undefined
 * (pooled) when its entries are not units.
 */
export function unitOfEntry(shape: number[], axes: MatrixAxes): ((entry: number) => number) | undefined {
  if (shape.length === 1 && shape[0] > 1) return (e) => e;
  if (shape.length !== 2) return undefined;
  const [rows, cols] = shape;
  if (axes.columns.startsWith('unit of') && cols > 1) return (e) => e % cols;
  if (axes.rows.startsWith('unit of') && rows > 1) return (e) => Math.floor(e / cols);
  return undefined;
}

/**
 * Sample k of `samples` is of entry k mod the parameter's size (run.ts draws them so). With
 * unitOf, one density panel per unit; `atPrior` units are named so in their panel's title.
 */
export function priorPosteriorFigure(
  name: string,
  shape: number[],
  samples: { prior: number[]; posterior: number[] },
  unitOf?: (entry: number) => number,
  atPrior: number[] = [],
): Figure {
  const size = shape.reduce((a, b) => a * b, 1);
  const label = (k: number) => {
    if (!unitOf) return 'all';
    const u = unitOf(k % size);
    return atPrior.includes(u) ? `unit ${u} (at its prior)` : `unit ${u}`;
  };
  const values = [
    ...samples.prior.map((value, k) => ({ distribution: 'prior', value, unit: label(k) })),
    ...samples.posterior.map((value, k) => ({ distribution: 'posterior', value, unit: label(k) })),
  ];
  const units = [...new Set(values.map((v) => v.unit))].sort((a, b) => unitNumber(a) - unitNumber(b));
  const perUnit = unitOf !== undefined && units.length > 1;
  const layer = {
    transform: [
      {
        density: 'value',
        groupby: ['distribution', 'unit'],
        extent: commonExtent(samples.prior, samples.posterior),
        steps: 200,
      },
    ],
    mark: { type: 'area' as const, opacity: 0.3, line: { strokeWidth: 2 } },
    encoding: {
      x: { field: 'value', type: 'quantitative' as const, title: `value of an entry of ${name}` },
      y: { field: 'density', type: 'quantitative' as const, title: 'probability density', stack: null },
      color: {
        field: 'distribution',
        type: 'nominal' as const,
        scale: { domain: ['prior', 'posterior'], range: ['#8c8c8c', '#1f77b4'] },
        legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'square' },
      },
    },
  };
  const entries =
    size === 1
      ? 'its one entry'
      : perUnit
        ? `the entries of each of its ${units.length} units`
        : `all ${size} entries pooled`;
  return {
    name: `prior_posterior_${name}`,
    section: 'parameters',
    caption: perUnit
      ? `The prior and the posterior of ${name}, one panel per unit: a posterior much narrower than the prior, or moved away from it, is what the data taught the model; a unit whose posterior is its prior is one the fit switched off.`
      : `The prior and the posterior of ${name}: a posterior much narrower than the prior, or moved away from it, is what the data taught the model.`,
    spec: perUnit
      ? {
          title: {
            text: `${name}: prior and posterior density per unit`,
            subtitle: `${entries}; ${samples.posterior.length} samples of each in all`,
          },
          data: { values },
          facet: { field: 'unit', type: 'nominal' as const, sort: units, title: null },
          columns: 4,
          spec: { width: 150, height: 90, ...layer },
          resolve: { scale: { y: 'independent' } },
        }
      : {
          title: {
            text: `${name}: prior and posterior density`,
            subtitle: `${entries}; ${samples.posterior.length} samples of each`,
          },
          width: 440,
          height: 220,
          data: { values },
          ...layer,
        },
  };
}

function unitNumber(label: string): number {
  const m = /\d+/.exec(label);
  return m ? Number(m[0]) : 0;
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

/** pruned: the units at their prior (VI health) along each axis of the matrix, outlined. */
export function weightsFigure(
  name: string,
  s: ParameterSummary,
  axes: MatrixAxes,
  rowNames: string[] | undefined,
  pruned: { rows?: number[]; columns?: number[] } = {},
): Figure {
  const [rows, cols] = s.shape.length === 2 ? s.shape : [1, s.shape[0] ?? 1];
  const rowLabel = (i: number) => (rowNames?.length === rows ? rowNames[i] : String(i));
  const maxAbsMean = Math.max(1e-12, ...s.mean.map(Math.abs));
  const maxSd = Math.max(1e-12, ...s.sd);
  const values = s.mean.map((mean, k) => {
    const sd = s.sd[k];
    // The text on a cell is white where the colour under it is dark.
    const [i, j] = [Math.floor(k / cols), k % cols];
    const atPrior = (pruned.rows ?? []).includes(i) || (pruned.columns ?? []).includes(j);
    return {
      row: rowLabel(i),
      column: String(j),
      mean,
      sd,
      atPrior,
      meanDark: Math.abs(mean) > 0.6 * maxAbsMean,
      sdDark: sd > 0.6 * maxSd,
    };
  });
  const marked = (pruned.rows?.length ?? 0) + (pruned.columns?.length ?? 0) > 0;
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
        mark: { type: 'rect' as const, strokeWidth: 1.5, strokeDash: [3, 2] },
        encoding: {
          stroke: { condition: { test: 'datum.atPrior', value: '#d62728' }, value: 'transparent' },
          color: {
            field,
            type: 'quantitative' as const,
            title: field === 'mean' ? 'mean' : 'sd',
            scale:
              field === 'mean'
                ? { scheme: 'blueorange', domain: [-maxAbsMean, maxAbsMean] }
                : { scheme: 'greens', domain: [0, maxSd] },
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
    caption: `Posterior mean and sd of each entry of ${name} (${rows} × ${cols}): a large mean with a small sd is a connection the model relies on.${marked ? ' Outlined in red (dashed): the weights of the hidden units whose posterior stayed at their prior, units the fit switched off.' : ''}`,
    spec: {
      title: {
        text: `${name}: posterior mean and sd of each weight`,
        subtitle: `rows: ${axes.rows}; columns: ${axes.columns}${marked ? '; red dashed outline: a unit at its prior' : ''}`,
      },
      data: { values },
      hconcat: [panel('mean'), panel('sd')],
      resolve: { scale: { color: 'independent' } },
      spacing: 24,
    },
  };
}
