// What the HTML report and its figures are made from, and the wording they share.
import type { IRModel } from '../../compiler/ir.js';
import type { RunResults } from '../results.js';
import type { VegaLiteSpec } from './svg.js';

export interface ReportInput {
  results: RunResults;
  ir: IRModel;
  /** Input column names of each parameter whose rows are inputs (RunOutput.rowLabels). */
  rowLabels: Record<string, string[]>;
  /** The model's source text, shown in the report; omitted when not given. */
  sourceText?: string;
}

export type Section = 'fit' | 'scores' | 'calibration' | 'threshold' | 'importance' | 'parameters';

export interface Figure {
  /** File name without .svg, e.g. prior_posterior_W0. */
  name: string;
  section: Section;
  /** One sentence under the figure in report.html. */
  caption: string;
  spec: VegaLiteSpec;
}

export function classNames(input: ReportInput): string[] {
  const t = input.ir.data.target;
  const k = t.kind === 'categorical' ? t.classes : t.kind === 'binary' ? 2 : 0;
  return Array.from({ length: k }, (_, i) => `${t.column} = ${i}`);
}

/** The axis title of a case's posterior mean: a probability for a binary target, a value for a real one. */
export function meanScoreTitle(input: ReportInput): string {
  const col = input.ir.data.target.column;
  const kind = input.ir.data.target.kind;
  return kind === 'real' || kind === 'count'
    ? `posterior mean prediction of ${col}`
    : `posterior mean score (probability that ${col} = 1)`;
}

export function formatNumber(x: number | undefined | null, digits = 4): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}
