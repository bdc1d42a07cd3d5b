// Writes the figures (figures/NAME.svg) and report.html into a run's output folder.
//
// Every figure is rendered and the page assembled in memory first, so a failure there writes
// nothing. Each file is then written atomically through the folder's manifest (outputs.ts):
// report.html last, so a reader sees the old report or the new one, never a half-written one;
// a figure of the run before that this one lacks is removed when the run finishes, and no file
// that bnnc did not write is touched.
import * as path from 'node:path';
import { OutputFolder } from '../outputs.js';
import { reportFigures } from './figures/index.js';
import { reportHtml, type RenderedFigure } from './html.js';
import type { ReportInput } from './input.js';
import { renderSvg } from './svg.js';

export interface ReportFiles {
  html: string;
  figures: string[];
}

/** With a folder's path, the folder is opened and finished here; with an OutputFolder, its run finishes it. */
export async function writeReport(input: ReportInput, out: string | OutputFolder): Promise<ReportFiles> {
  const rendered: RenderedFigure[] = [];
  for (const figure of reportFigures(input)) rendered.push({ ...figure, svg: await renderSvg(figure.spec) });
  const html = reportHtml(input, rendered);

  const folder =
    typeof out === 'string' ? OutputFolder.open(out, { name: input.ir.name, sourceHash: input.ir.sourceHash }) : out;
  const figures = rendered.map((f) => folder.write(path.join('figures', `${f.name}.svg`), f.svg));
  const htmlFile = folder.write('report.html', html);
  if (typeof out === 'string') folder.finish();
  return { html: htmlFile, figures };
}
