// bnnc: the command line. Exit codes: 0 success, 1 problems in the model or its data, 2 usage.
// The entry point (bnnc.ts at the top of the repository) composes it with the language server,
// which src/ never imports.
import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './commands/check.js';
import { addDataFlags, type DataFlags } from './data-flags.js';
import { EMIT_FORMS } from '../compiler/emit.js';
import { compareCommand } from './commands/compare.js';
import { compileCommand } from './commands/compile.js';
import { fetchCommand } from './commands/fetch.js';
import { fmtCommand } from './commands/fmt.js';
import { runCommand, type RunFlags } from './commands/run.js';
import { PREDICT_HELP, predictCommand, type PredictFlags } from './commands/predict.js';
import { userErrorText, userMessage } from './errors.js';
import { DEFAULT_MAX_DATA_MB } from '../data/access.js';

const VERSION = '0.1.0';

/** What the command line needs from outside src/: the language server, for `bnnc lsp`. */
export interface Services {
  startLanguageServer(): Promise<void>;
}

function buildProgram(setStatus: (code: number) => void, services: Services): Command {
  const program = new Command('bnnc')
    .description(
      'Bayesian neural networks from a short declarative .bnn file: check, format, compile, fit and evaluate them.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run bnnc --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  addDataFlags(
    program
      .command('check')
      .description(
        'check models and report every problem at once (exit 0: no errors, 1: errors), a data file that may not be read among them',
      )
      .argument('<files...>', '.bnn files')
      .option(
        '--json',
        'print the diagnostics as JSON on stdout, for tools (an error that stops the command, as {"error": {code, message}})',
      ),
  ).action((files: string[], opts: { json?: boolean } & DataFlags) => setStatus(checkCommand(files, opts)));

  program
    .command('fmt')
    .description('lay models out canonically, keeping every comment (prints the result unless --check or --write)')
    .argument('<files...>', '.bnn files')
    .option('--check', 'exit 1 when a file is not formatted; change nothing')
    .option('--write', 'rewrite the files in place')
    .action((files: string[], opts: { check?: boolean; write?: boolean }) => setStatus(fmtCommand(files, opts)));

  program
    .command('compile')
    .description('check a model and print its compiled form')
    .argument('<file>', 'a .bnn file')
    .addOption(
      new Option(
        '--emit <form>',
        'what to print: ir (the intermediate representation, JSON), plan (the log joint as one plan and its gradient), passes (the plan after each compiler pass)',
      )
        .choices([...EMIT_FORMS])
        .default('ir'),
    )
    .action((file: string, opts: { emit: string }) => setStatus(compileCommand(file, opts)));

  const run = program
    .command('run')
    .description(
      'fit a model, draw from the posterior, answer its evaluate block, and write results.json, posterior.json, the figures (figures/*.svg) and report.html',
    )
    .argument('<file>', 'a .bnn file')
    .option('--out <dir>', 'the output folder (default runs/MODEL)')
    .option(
      '--backend <name>',
      'js (float64 JavaScript with WebAssembly SIMD, the default: the fastest on the reference model), or TensorFlow.js in float32: wasm, cpu, tensorflow (needs @tensorflow/tfjs-node installed)',
    );
  addDataFlags(run)
    .option('--posterior <file>', 'evaluate this saved posterior.json instead of fitting')
    .option('--quiet', 'no progress output')
    .option('--no-report', 'skip the figures and report.html')
    .action(async (file: string, opts: RunFlags) => setStatus(await runCommand(file, opts)));

  program
    .command('predict')
    .description(
      "predict new cases with a saved posterior: each case's probability (or mean), its sd and 95% interval over the posterior draws, and its class",
    )
    .argument('<file>', 'the .bnn file that made the posterior')
    .requiredOption('--posterior <file>', 'the posterior.json written by bnnc run')
    .requiredOption('--input <file>', 'the cases: a header naming the input columns, then one row per case')
    .option('--out <file>', 'write the predictions here (atomically) instead of to stdout')
    .option('--json', 'write JSON instead of CSV (an error too, as {"error": {code, message}} on stdout)')
    .option('--backend <name>', 'js (the default), wasm, cpu or tensorflow, as for run')
    .addHelpText('after', PREDICT_HELP)
    .action(async (file: string, opts: PredictFlags) => setStatus(await predictCommand(file, opts)));

  program
    .command('compare')
    .description(
      "two fits of the same cases side by side (VI against NUTS, one seed against another): each one's scores, and the per-case distance between their mean scores and the ratio of their sds",
    )
    .argument('<a>', "a run's output folder (as runs/MODEL) or its results.json")
    .argument('<b>', 'another, evaluated on the same cases')
    .option('--out <file>', 'also write the comparison, with every case, as JSON here (atomically)')
    .option('--json', 'print JSON instead of tables (an error too, as {"error": {code, message}})')
    .action((a: string, b: string, opts: { out?: string; json?: boolean }) => setStatus(compareCommand(a, b, opts)));

  program
    .command('fetch')
    .description("download the model's published data files into the cache where bnnc looks, checking each SHA-256")
    .argument('<file>', 'a .bnn file whose data block has source statements')
    .option('--cache-dir <dir>', 'store the files here instead of the user cache folder')
    .option('--timeout <seconds>', 'give up on a download after this long (default 60)')
    .option('--max-data-mb <n>', `refuse a file larger than this, in MB (default ${DEFAULT_MAX_DATA_MB})`)
    .action(async (file: string, opts: { cacheDir?: string; timeout?: string; maxDataMb?: string }) =>
      setStatus(await fetchCommand(file, opts)),
    );

  program
    .command('lsp')
    .description('start the language server on stdin/stdout, for editors')
    .option('--stdio', 'talk over stdin and stdout (the only transport; editors pass it)')
    .action(() => services.startLanguageServer());

  return program;
}

export async function main(argv: string[], services: Services): Promise<number> {
  let status = 0;
  const program = buildProgram((code) => (status = code), services);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version')
        return 0;
      return 2;
    }
    const user = userMessage(e);
    if (user) {
      // With --json, a tool reads the error where it reads the answer.
      if (argv.includes('--json'))
        process.stdout.write(JSON.stringify({ error: { code: user.code, message: user.message } }, null, 2) + '\n');
      else process.stderr.write(userErrorText(user) + '\n');
      return user.exitCode;
    }
    process.stderr.write(
      `bnnc: internal error: ${(e as Error).stack ?? String(e)}\nThis is a bug in bnnc; please report it with the model that caused it.\n`,
    );
    return 70;
  }
}

/** A reader that stops early (bnnc run … | head) closes the pipe: end quietly, as cat does. */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
