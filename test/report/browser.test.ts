// report.html in headless Chromium: it opens with no console error, asks for nothing beyond its
// own file, and shows every figure (each figure's screenshot has ink on it, and colour: the data
// marks, not just axes). Skipped, saying why, where Chromium is not installed (.ci/run installs it).
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { writeReport } from '../../src/runtime/report/write.js';
import { realInput, RUPTURE_FIGURES, runShortRupture } from './helpers.js';

const CHROMIUM = process.env.BNN_CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.log(
    `SKIP report.html in headless Chromium: no browser at ${CHROMIUM} (apt-get install chromium, or set BNN_CHROMIUM)`,
  );

/** The share of pixels that are not (near) white, and of those in colour (the data marks; axes and text are grey). */
function ink(png: Buffer): { any: number; colour: number } {
  const img = PNG.sync.read(png);
  let any = 0;
  let colour = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    if (r < 235 || g < 235 || b < 235) any++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) colour++;
  }
  const n = img.width * img.height;
  return { any: any / n, colour: colour / n };
}

interface Opened {
  page: Page;
  problems: string[];
}

describe.skipIf(!haveChromium)('report.html in headless Chromium', () => {
  let context: BrowserContext;
  const dirs = {
    rupture: mkdtempSync(path.join(os.tmpdir(), 'bnnc-browser-')),
    real: mkdtempSync(path.join(os.tmpdir(), 'bnnc-browser-real-')),
  };

  beforeAll(async () => {
    await runShortRupture(dirs.rupture);
    await writeReport(realInput(), dirs.real);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'bnnc-chromium-profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 900 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  async function open(dir: string): Promise<Opened> {
    const url = pathToFileURL(path.join(dir, 'report.html')).href;
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems };
  }

  async function figureBoxes(page: Page) {
    return page.$$eval('figure svg', (svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { width: r.width, height: r.height, marks: s.querySelectorAll('path, line, rect, text').length };
      }),
    );
  }

  it('opens the rupture report with no console error and no request beyond the file', async () => {
    const { page, problems } = await open(dirs.rupture);
    expect(await page.title()).toBe('bnnc report: rupture');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows every figure of the rupture report, each with ink on it', async () => {
    const { page } = await open(dirs.rupture);
    const boxes = await figureBoxes(page);
    expect(boxes).toHaveLength(RUPTURE_FIGURES.length);
    for (const b of boxes) {
      expect(b.width).toBeGreaterThan(250);
      expect(b.height).toBeGreaterThan(150);
      expect(b.marks).toBeGreaterThan(20);
    }
    const figures = page.locator('figure svg');
    for (let i = 0; i < RUPTURE_FIGURES.length; i++) {
      const share = ink(await figures.nth(i).screenshot());
      expect(share.any, RUPTURE_FIGURES[i]).toBeGreaterThan(0.03);
      expect(share.colour, RUPTURE_FIGURES[i]).toBeGreaterThan(0.002);
    }
    const file = path.join(dirs.rupture, 'report-screenshot.png');
    const page1 = await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot of the rupture report: ${file}`);
    expect(PNG.sync.read(page1).height).toBeGreaterThan(5000);
    expect(ink(page1).any).toBeGreaterThan(0.05);
    await page.close();
  });

  it('opens and shows the report of a real target as well', async () => {
    const { page, problems } = await open(dirs.real);
    const boxes = await figureBoxes(page);
    expect(boxes).toHaveLength(7);
    for (const b of boxes) expect(b.width * b.height).toBeGreaterThan(250 * 150);
    expect(ink(await page.screenshot({ fullPage: true })).colour).toBeGreaterThan(0.01);
    expect(problems).toEqual([]);
    await page.close();
  });
});
