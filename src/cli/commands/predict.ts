import { fileTrouble, R } from '../../lang/diagnostics/run-messages.js';
import { writeFileAtomicSync } from '../../runtime/atomic.js';
import { predict, predictionsCsv, predictionsJson } from '../../runtime/predict/index.js';
import { refuseToOverwrite, UserError } from '../io.js';
import { backendFlag, compileFile } from '../model-file.js';

export interface PredictFlags {
  posterior: string;
  input: string;
  out?: string;
  json?: boolean;
  backend?: string;
}

export const PREDICT_HELP = `
The input is a table whose first line names the columns: every column the model's features read
(derived columns are computed from them), in any order, comma-, tab- or whitespace-separated.
Other columns, the target's included, are passed through.

The output (CSV, or JSON with --json) keeps the input's columns, as written, then adds:
  binary target       probability  mean over the posterior draws of P(target = 1)
                      sd           its sd over the draws
                      lo95, hi95   its 2.5% and 97.5% percentiles over the draws
                      class        1 when probability >= the threshold saved in the posterior
  categorical target  p_0 … p_K-1  mean probability of each class
                      sd           sd of the predicted class's probability
                      class        the most probable class
  real target         mean, sd_mean, lo95_mean, hi95_mean
                                   the likelihood's mean over the draws: its average, sd and
                                   95% interval (which leaves out the noise)
                      sigma        the likelihood's noise sd, averaged over the draws
                      sd_predictive, lo95_predictive, hi95_predictive
                                   sd and 95% interval of the posterior predictive (the mean
                                   plus the noise): where a new observation should fall
                                   (a standardized target's are all in its own units)
  count target        mean, sd_mean, lo95_mean, hi95_mean
                                   the Poisson rate over the draws
                      sd_predictive, lo95_predictive, hi95_predictive
                                   sd and 95% interval of counts drawn from each draw's rate

The draws are those of \`bnnc run\` (the model's seed, the evaluate block's number of draws,
default 1000), so a case scores as it did in the run.`;

export async function predictCommand(file: string, flags: PredictFlags): Promise<number> {
  const backend = backendFlag(flags.backend);
  if (flags.out !== undefined) {
    refuseToOverwrite('predict', flags.out, [
      { what: 'the --input file', file: flags.input },
      { what: 'the --posterior file', file: flags.posterior },
      { what: 'the model', file },
    ]);
  }
  const compiled = compileFile(file);
  if (!compiled) return 1;
  const { ir } = compiled;

  const p = await predict(ir, { posteriorFile: flags.posterior, inputFile: flags.input, backend });
  const text = flags.json ? predictionsJson(p) : predictionsCsv(p);
  if (!flags.out) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileAtomicSync(flags.out, text);
  } catch (e) {
    throw new UserError(R.predictionsUnwritable(flags.out, fileTrouble(e)));
  }
  process.stderr.write(
    `Wrote ${p.cases.rows.length} prediction${p.cases.rows.length === 1 ? '' : 's'} to ${flags.out}.\n`,
  );
  return 0;
}
