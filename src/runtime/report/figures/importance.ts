// Permutation importance: the drop in F1 when one input is shuffled, with its sd over posterior
// draws as error bars, overall and for each true class (the paper's Fig. 6).
import type { ImportanceResult } from '../../metrics/importance.js';
import { classNames, type Figure, type ReportInput } from '../input.js';

/** The inputs, most important (largest overall drop) first: both figures list them in this order. */
export function importanceOrder(imp: ImportanceResult): string[] {
  return [...imp.features].sort((a, b) => b.drop.mean - a.drop.mean).map((f) => f.column);
}

function subtitle(imp: ImportanceResult): string {
  return `mean ± sd over ${imp.draws} posterior draws, ${imp.repeats} shuffles each`;
}

export function importanceFigure(imp: ImportanceResult): Figure {
  const values = imp.features.map((f) => ({
    input: f.column,
    drop: f.drop.mean,
    lo: f.drop.mean - f.drop.sd,
    hi: f.drop.mean + f.drop.sd,
  }));
  const y = { field: 'input', type: 'nominal' as const, sort: importanceOrder(imp), title: 'input' };
  return {
    name: 'importance',
    section: 'importance',
    caption:
      'How much the weighted F1 drops when one input is shuffled across cases, most important first; the bars span ± one sd over posterior draws.',
    spec: {
      title: { text: 'Permutation importance of each input', subtitle: subtitle(imp) },
      width: 440,
      height: { step: 26 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar', color: '#4c78a8', height: { band: 0.7 } },
          encoding: {
            y,
            x: {
              field: 'drop',
              type: 'quantitative',
              title: 'drop in weighted F1 when the input is shuffled',
              axis: { tickCount: 6 },
            },
          },
        },
        {
          mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
          encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
      ],
    },
  };
}

export function importanceByClassFigure(input: ReportInput, imp: ImportanceResult): Figure {
  const names = classNames(input);
  const values = imp.features.flatMap((f) =>
    f.byClass.map((m, k) => ({
      input: f.column,
      class: names[k] ?? String(k),
      drop: m.mean,
      lo: m.mean - m.sd,
      hi: m.mean + m.sd,
    })),
  );
  const y = { field: 'input', type: 'nominal' as const, sort: importanceOrder(imp), title: 'input' };
  const yOffset = { field: 'class', type: 'nominal' as const, sort: names };
  return {
    name: 'importance_by_class',
    section: 'importance',
    caption:
      'The same drop for the F1 of each true class, the inputs in the order of the overall figure: which inputs the model needs to recognise each class, and how uncertain that is (± one sd over draws).',
    spec: {
      title: {
        text: 'Importance of each input and its uncertainty, by true class',
        subtitle: `drop in the F1 of each class; ${subtitle(imp)}`,
      },
      width: 440,
      height: { step: 12 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y,
            yOffset,
            x: {
              field: 'drop',
              type: 'quantitative',
              title: 'drop in the class’s F1 when the input is shuffled',
              axis: { tickCount: 6 },
            },
            color: { field: 'class', type: 'nominal', title: 'true class', scale: { domain: names } },
          },
        },
        {
          mark: { type: 'rule', color: '#222' },
          encoding: { y, yOffset, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
      ],
    },
  };
}
