// Progress of a fit on stderr: one bar for VI and MAP (step, ELBO or log density, time left),
// one bar per chain for NUTS (iteration, warmup or sampling, step size, tree depth, divergences).
import cliProgress from 'cli-progress';
import type { FitProgress } from '../runtime/fit-model.js';

export class FitProgressBars {
  private single: cliProgress.SingleBar | null = null;
  private multi: cliProgress.MultiBar | null = null;
  private readonly chains = new Map<number, cliProgress.SingleBar>();
  private stopped = false;

  update(p: FitProgress): void {
    if (this.stopped) return;
    if (p.method === 'nuts') return this.chain(p);
    if (!this.single) {
      const what = p.method === 'vi' ? 'ELBO' : 'log density';
      this.single = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `fitting |{bar}| {value}/{total} steps | ${what} {value_of} | {eta_formatted} left`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.single.start(p.total, 0, { value_of: '-' });
    }
    this.single.update(p.step, { value_of: (p.method === 'vi' ? p.elbo : p.logDensity).toFixed(1) });
  }

  private chain(p: Extract<FitProgress, { method: 'nuts' }>): void {
    if (!this.multi) {
      this.multi = new cliProgress.MultiBar(
        {
          stream: process.stderr,
          format:
            'chain {chain} |{bar}| {value}/{total} {phase} | step {eps} | depth {depth} | {div} divergent | {eta_formatted} left',
          hideCursor: true,
          etaBuffer: 20,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
    }
    const g = p.progress;
    const payload = {
      chain: p.chain + 1,
      phase: g.warmup ? 'warmup  ' : 'sampling',
      eps: g.stepSize.toPrecision(3),
      depth: g.depth,
      div: g.divergences,
    };
    // Every chain's bar from the first report on, in chain order, whichever chain reports first.
    for (let c = 0; c < p.chains; c++) {
      if (!this.chains.has(c))
        this.chains.set(
          c,
          this.multi.create(g.total, 0, { ...payload, chain: c + 1, phase: 'waiting ', eps: '-', depth: '-', div: 0 }),
        );
    }
    this.chains.get(p.chain)!.update(g.iteration, payload);
  }

  /** A second fit follows (the refit protocol's): its bars start afresh below the first's. */
  restart(): void {
    if (this.stopped) return;
    this.single?.stop();
    this.multi?.stop();
    this.single = null;
    this.multi = null;
    this.chains.clear();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.single?.stop();
    this.multi?.stop();
  }
}
