// report.html: one self-contained page (inline SVG figures and a style sheet; no scripts, no
// external resources) that a reader opens instead of the printed tables.
import type { RunResults } from '../results.js';
import type { Figure, ReportInput, Section } from './input.js';
import {
  chainPredictiveTable,
  chainsTable,
  classificationTable,
  confusionTable,
  entropyTable,
  escapeHtml,
  importanceTable,
  mixingTable,
  restartsTable,
  setsTable,
  settingsTable,
  summaryTable,
  uncertaintyTable,
} from './html-tables.js';
import { protocolSentence } from './set-columns.js';

export interface RenderedFigure extends Figure {
  svg: string;
}

const SECTIONS: { id: Section | 'summary' | 'model'; title: string }[] = [
  { id: 'summary', title: 'Summary' },
  { id: 'fit', title: 'Fit' },
  { id: 'scores', title: 'Predictions and their uncertainty' },
  { id: 'calibration', title: 'Calibration and the use of the uncertainty' },
  { id: 'threshold', title: 'Threshold and classification' },
  { id: 'importance', title: 'Importance of the inputs' },
  { id: 'parameters', title: 'Parameters' },
  { id: 'model', title: 'Model and settings' },
];

const STYLE = `
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; background: white; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #ddd; font-size: 20px; }
nav ul { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; list-style: none; }
.lede { color: #555; margin: 0 0 8px; }
figure { margin: 20px 0 28px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 13px; margin-top: 4px; max-width: 760px; }
figcaption code { color: #333; }
table { border-collapse: collapse; margin: 16px 0 24px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: 6px; white-space: nowrap; }
th, td { padding: 4px 12px; border-bottom: 1px solid #e4e4e4; }
td { text-align: right; }
th[scope="row"] { text-align: left; font-weight: normal; }
thead th { border-bottom: 2px solid #bbb; text-align: right; }
thead th:first-child { text-align: left; }
.key-value td { text-align: left; }
pre { background: #f5f5f5; padding: 12px 16px; overflow-x: auto; font-size: 13px; line-height: 1.45; border: 1px solid #e4e4e4; }
.tables { display: flex; flex-wrap: wrap; gap: 0 48px; align-items: flex-start; }
`;

function figureHtml(f: RenderedFigure): string {
  return `<figure id="figure-${escapeHtml(f.name)}">\n${f.svg}\n<figcaption>${escapeHtml(f.caption)} <code>figures/${escapeHtml(f.name)}.svg</code></figcaption>\n</figure>`;
}

function tables(...parts: (string | null)[]): string {
  const present = parts.filter((p): p is string => p !== null);
  return present.length ? `<div class="tables">\n${present.join('\n')}\n</div>` : '';
}

export function reportHtml(input: ReportInput, figures: RenderedFigure[]): string {
  const r = input.results;
  const ev = r.evaluate;
  const bySection = (s: Section) =>
    figures
      .filter((f) => f.section === s)
      .map(figureHtml)
      .join('\n');
  const body: Record<string, string> = {
    summary: tables(summaryTable(r), setsTable(r)),
    fit: [bySection('fit'), tables(chainsTable(r), chainPredictiveTable(r), mixingTable(r), restartsTable(r))].join(
      '\n',
    ),
    scores: [bySection('scores'), tables(uncertaintyTable(input))].join('\n'),
    calibration: [bySection('calibration'), tables(entropyTable(input))].join('\n'),
    threshold: [bySection('threshold'), tables(confusionTable(input), classificationTable(input))].join('\n'),
    importance: [bySection('importance'), tables(importanceTable(input))].join('\n'),
    parameters: bySection('parameters'),
    model: [
      tables(settingsTable(input.ir, r)),
      input.sourceText === undefined ? '' : `<h3>Source</h3>\n<pre><code>${escapeHtml(input.sourceText)}</code></pre>`,
    ].join('\n'),
  };
  const shown = SECTIONS.filter((s) => body[s.id].trim() !== '').map((s) =>
    s.id === 'threshold' && r.threshold === undefined ? { ...s, title: 'Classification' } : s,
  );
  const lede = [
    ev
      ? `Evaluated on '${ev.set}': ${ev.cases} cases, ${ev.draws} posterior draws, target ${ev.target.name} (${ev.target.kind}).`
      : 'No evaluate block: the fit only.',
    ...((r.sets?.length ?? 0) > 1
      ? [
          `${r.sets!.length} sets are evaluated (${r.sets!.map((s) => `'${s.set}'`).join(', ')}); the figures are of the headline set, '${ev?.set}', the last.`,
        ]
      : []),
    fitSentence(r),
    protocolSentence(r) ?? '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`bnnc report: ${r.model}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(`Model ${r.model}`)}</h1>
<p class="lede">${escapeHtml(lede)}</p>
<nav><ul>${shown.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>
${shown.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${body[s.id]}\n</section>`).join('\n')}
</main>
</body>
</html>
`;
}

function fitSentence(r: RunResults): string {
  const fit = r.fit;
  if (!fit) return 'Evaluated from a saved posterior.';
  if (fit.method === 'vi')
    return `Fit by ${fit.steps} steps of mean-field variational inference in ${fit.seconds.toFixed(1)} s.`;
  if (fit.method === 'map')
    return `Fit to the posterior mode (MAP) by ${fit.steps} steps of Adam in ${fit.seconds.toFixed(1)} s.`;
  return `Sampled by NUTS: ${fit.chains} chains of ${fit.warmup} warmup and ${fit.draws} sampling iterations in ${fit.seconds.toFixed(1)} s.`;
}
