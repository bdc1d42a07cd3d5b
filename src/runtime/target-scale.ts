// A real target whose spread its noise prior cannot reach: with y ~ Normal(m, sigma) and
// sigma ~ HalfNormal(1), a target of sd 79 leaves the fit a noise sd near 7 and a poor mean. Said
// once, before the numbers, with the fix: standardize the target, or widen the prior.
import type { IRExpr, IRModel, IRPrior } from '../compiler/ir.js';

/** A HalfNormal(s) or LogNormal(μ, σ) value lies below this about 99.7% of the time. */
function priorHigh(p: IRPrior): number | undefined {
  if (p.dist === 'HalfNormal') return 3 * p.sigma;
  if (p.dist === 'LogNormal') return Math.exp(p.mu + 3 * p.sigma);
  return undefined;
}

function noiseHigh(ir: IRModel, sigma: IRExpr): { high: number; what: string } | undefined {
  if (sigma.op === 'const') return { high: sigma.value, what: `its noise sd is fixed at ${sigma.value}` };
  if (sigma.op !== 'param') return undefined;
  const p = ir.params.find((q) => q.name === sigma.name);
  if (!p || p.noncentred || p.shape.length > 0) return undefined;
  const high = priorHigh(p.prior);
  const { dist, ...args } = p.prior;
  return high === undefined
    ? undefined
    : {
        high,
        what: `the prior of ${p.name}, ${dist}(${Object.values(args).join(', ')}), keeps the noise sd below about ${Number(high.toPrecision(2))}`,
      };
}

/** The warning, if the training target's sd is far above what the noise prior allows. */
export function targetScaleWarning(ir: IRModel, trainTarget: ArrayLike<number>, trainSet: string): string | undefined {
  const t = ir.data.target;
  const l = ir.likelihood;
  if (t.kind !== 'real' || t.standardize || (l.dist !== 'Normal' && l.dist !== 'StudentT') || trainTarget.length < 2)
    return undefined;
  const noise = noiseHigh(ir, l.sigma);
  if (!noise) return undefined;
  let mean = 0;
  for (let i = 0; i < trainTarget.length; i++) mean += trainTarget[i] / trainTarget.length;
  let ss = 0;
  for (let i = 0; i < trainTarget.length; i++) ss += (trainTarget[i] - mean) ** 2;
  const sd = Math.sqrt(ss / trainTarget.length);
  if (!(sd > 5 * noise.high)) return undefined;
  return `the target ${t.column} has sd ${Number(sd.toPrecision(3))} in '${trainSet}', but ${noise.what}: the fit will blame the network for the noise. Standardize it (${t.name} = standardize(${t.column}) : real; results stay in its units) or widen the prior`;
}
