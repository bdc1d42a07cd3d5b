// Predictions as text.
//
//   predictionsCsv(p)  → CSV: the input's header and fields first, as they were written, then the
//                        prediction columns; numbers in full (shortest round-trip) precision
//   predictionsJson(p) → JSON: what was predicted with what, then one object per case with its
//                        input line, its input fields (as text) and its predictions

import type { Predictions } from './predict.js';

export const PREDICTIONS_FORMAT = 'bnnc-predictions';

export function predictionsCsv(p: Predictions): string {
  const out = [[...p.cases.header, ...p.columns.map((c) => c.name)].map(csvField).join(',')];
  p.cases.rows.forEach((fields, i) => {
    out.push([...fields.map(csvField), ...p.columns.map((c) => String(c.values[i]))].join(','));
  });
  return out.join('\n') + '\n';
}

export function predictionsJson(p: Predictions): string {
  const { header, rows, table } = p.cases;
  const t = p.target;
  return (
    JSON.stringify(
      {
        format: PREDICTIONS_FORMAT,
        version: 1,
        model: p.model,
        source_hash: p.sourceHash,
        posterior_file: p.posteriorFile,
        input_file: p.cases.file,
        backend: p.backend,
        seed: p.seed,
        draws: p.draws,
        target: {
          name: t.name,
          column: t.column,
          kind: t.kind,
          ...(t.kind === 'categorical' ? { classes: t.classes } : {}),
        },
        ...(p.threshold !== null ? { threshold: p.threshold } : {}),
        columns: p.columns.map((c) => c.name),
        cases: rows.map((fields, i) => ({
          line: table.rowLine[i],
          input: Object.fromEntries(header.map((h, j) => [h, fields[j]])),
          ...Object.fromEntries(p.columns.map((c) => [c.name, c.values[i]])),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

/** RFC 4180 quoting, only where a field needs it. */
function csvField(f: string): string {
  return /[",\r\n]|^\s|\s$/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}
