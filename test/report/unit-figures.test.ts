// The figures a reader of the paper needs: prior against posterior per hidden unit, the units at
// their prior outlined on the weight heatmaps, class histograms overlaid, and the two importance
// figures listing the inputs in the same order.
import { describe, expect, it } from 'vitest';
import {
  importanceByClassFigure,
  importanceFigure,
  importanceOrder,
} from '../../src/runtime/report/figures/importance.js';
import { priorPosteriorFigure, unitOfEntry, weightsFigure } from '../../src/runtime/report/figures/parameters.js';
import type { ImportanceResult } from '../../src/runtime/metrics/importance.js';
import type { ReportInput } from '../../src/runtime/report/input.js';

const W0 = { rows: 'input', columns: 'unit of h' };
const W1 = { rows: 'unit of h', columns: 'output' };

describe('prior against posterior per unit', () => {
  it('finds the unit of an entry along the axis that stands for units', () => {
    expect([0, 1, 4, 5].map(unitOfEntry([2, 4], W0)!)).toEqual([0, 1, 0, 1]);
    expect([0, 1, 2].map(unitOfEntry([3, 1], W1)!)).toEqual([0, 1, 2]);
    expect(unitOfEntry([2, 4], { rows: 'input', columns: 'output' })).toBeUndefined();
  });

  it('draws one panel per unit, naming the units at their prior', () => {
    // Sample k is of entry k mod 8 of a [2, 4] matrix: unit k mod 4.
    const samples = {
      prior: Array.from({ length: 80 }, (_, k) => k / 80),
      posterior: Array.from({ length: 80 }, (_, k) => k / 40),
    };
    const fig = priorPosteriorFigure('W0', [2, 4], samples, unitOfEntry([2, 4], W0), [1, 3]);
    const spec = fig.spec as unknown as { facet: { sort: string[] }; data: { values: { unit: string }[] } };
    expect(spec.facet.sort).toEqual(['unit 0', 'unit 1 (at its prior)', 'unit 2', 'unit 3 (at its prior)']);
    expect(spec.data.values.filter((v) => v.unit === 'unit 2')).toHaveLength(40);
  });

  it('pools the entries of a parameter that has no units', () => {
    const fig = priorPosteriorFigure('b1', [1], { prior: [0, 1], posterior: [0.5, 0.6] });
    expect('facet' in fig.spec).toBe(false);
  });
});

describe('weight heatmaps', () => {
  it('outline the weights of the units at their prior', () => {
    const summary = { shape: [2, 3], mean: [1, 2, 3, 4, 5, 6], sd: [1, 1, 1, 1, 1, 1] } as Parameters<
      typeof weightsFigure
    >[1];
    const fig = weightsFigure('W0', summary, W0, ['a', 'b'], { columns: [2] });
    const values = (fig.spec as unknown as { data: { values: { column: string; atPrior: boolean }[] } }).data.values;
    expect(values.filter((v) => v.atPrior).map((v) => v.column)).toEqual(['2', '2']);
    expect(fig.caption).toContain('Outlined in red');
  });
});

describe('importance figures', () => {
  it('list the inputs in the same order, most important first', () => {
    const m = (mean: number) => ({ mean, sd: 0.01 });
    const imp = {
      draws: 10,
      repeats: 1,
      features: [
        { column: 'a', drop: m(0.1), byClass: [m(0.1), m(0.2)] },
        { column: 'b', drop: m(0.3), byClass: [m(0.3), m(0.1)] },
        { column: 'c', drop: m(0.2), byClass: [m(0.0), m(0.4)] },
      ],
    } as unknown as ImportanceResult;
    const input = { ir: { data: { target: { kind: 'binary' } } }, results: {} } as unknown as ReportInput;
    const sortOf = (spec: unknown) =>
      (spec as { layer: { encoding: { y: { sort: string[] } } }[] }).layer[0].encoding.y.sort;
    expect(importanceOrder(imp)).toEqual(['b', 'c', 'a']);
    expect(sortOf(importanceFigure(imp).spec)).toEqual(['b', 'c', 'a']);
    expect(sortOf(importanceByClassFigure(input, imp).spec)).toEqual(['b', 'c', 'a']);
  });
});
