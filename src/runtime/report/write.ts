// Writes the figures (figures/NAME.svg) and report.html into a run's output folder.
//
// Every figure is rendered and the page assembled in memory first, so a failure there writes
// nothing. The figures then go to a fresh staging folder that replaces figures/ by a rename,
// and report.html is written atomically last: a reader sees the old report or the new one,
// never a half-written one, and no stale figure of an earlier run is left beside new ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicSync } from '../atomic.js';
import { reportFigures } from './figures/index.js';
import { reportHtml, type RenderedFigure } from './html.js';
import type { ReportInput } from './input.js';
import { renderSvg } from './svg.js';

export interface ReportFiles {
  html: string;
  figures: string[];
}

export async function writeReport(input: ReportInput, outDir: string): Promise<ReportFiles> {
  const rendered: RenderedFigure[] = [];
  for (const figure of reportFigures(input)) rendered.push({ ...figure, svg: await renderSvg(figure.spec) });
  const html = reportHtml(input, rendered);

  fs.mkdirSync(outDir, { recursive: true });
  const figuresDir = path.join(outDir, 'figures');
  const staging = fs.mkdtempSync(path.join(outDir, '.figures-new-'));
  try {
    fs.chmodSync(staging, 0o755); // mkdtemp makes it private; figures/ is for sharing like the files beside it
    for (const f of rendered) writeFileAtomicSync(path.join(staging, `${f.name}.svg`), f.svg);
    replaceFolder(staging, figuresDir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const htmlFile = path.join(outDir, 'report.html');
  writeFileAtomicSync(htmlFile, html);
  return { html: htmlFile, figures: rendered.map((f) => path.join(figuresDir, `${f.name}.svg`)) };
}

/** Puts `fresh` where `target` is; the old `target`, if any, is moved aside first and removed after. */
function replaceFolder(fresh: string, target: string): void {
  const old = `${fresh}.old`;
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  try {
    fs.renameSync(fresh, target);
  } catch (err) {
    if (hadOld) fs.renameSync(old, target);
    throw err;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}
