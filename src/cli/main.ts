import { Command, Option } from 'commander';
import { ExitCode, type ExitCodeValue, InterruptedError } from '../errors.js';
import { LOG_LEVELS, type LogLevel } from '../log-levels.js';
import { createLogger, type Logger } from '../log.js';
import { removeTempDirsNow } from '../io/live-temp-dirs.js';
import { packageVersion } from '../package-files.js';
import { runLastResort } from '../workload/last-resort.js';
import type { Act, CommandContext } from './context.js';
import { reportError } from './report-error.js';
import { registerCommands } from './commands/index.js';
import { escapingStream, ignoreClosedReader } from './terminal-streams.js';
import { restoreLauncherEnvironment } from './launcher-environment.js';

// Before anything is started: every process and worker gets NODE_EXTRA_CA_CERTS as the user set it.
restoreLauncherEnvironment();

const version = packageVersion();

ignoreClosedReader(process.stdout);
ignoreClosedReader(process.stderr);

const abort = new AbortController();
let interrupts = 0;
let interruptNote = 'cleaning up';
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupts += 1;
    if (interrupts > 1) {
      // No time for the awaited cleanup: remove what is running now, synchronously, then go.
      const left = [...runLastResort(), ...removeTempDirsNow()];
      if (left.length > 0) process.stderr.write(`seccompose: could not remove, do it by hand: ${left.join('; ')}\n`);
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(
      `\nseccompose: ${sig === 'SIGINT' ? 'interrupted' : 'terminated'}, ${interruptNote} (press Ctrl-C again to quit at once)\n`,
    );
    abort.abort(new InterruptedError());
  });
}

function buildProgram(act: Act): Command {
  const program = new Command('seccompose')
    .description(
      'Record what a workload really does and turn it into the tightest seccomp profile and capability set ' +
        'that still lets it run; lint, diff and verify profiles in CI.',
    )
    .version(version, '-V, --version')
    .addOption(new Option('--log-level <level>', 'log verbosity on stderr').choices(LOG_LEVELS).default('warn'))
    .option('--debug', 'debug logs; on failure, the stack trace and the chain of causes')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  program.addHelpText(
    'after',
    `
Workflow:
  seccompose record -o obs.json -- docker run --rm my/image     record what it does
  seccompose generate obs.json -o profile.json                   the minimal profile
  seccompose verify profile.json -- docker run --rm my/image     prove it still runs
  seccompose diff docker-default profile.json                    what it removes
  seccompose lint profile.json --format sarif                    check it in CI

Exit codes: 0 ok, 1 a check came out negative, 2 usage or invalid input,
3 the environment lacks something, 70 internal error, 130 interrupted.`,
  );
  registerCommands(program, act);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  let context: CommandContext | undefined;
  const getContext = (): CommandContext => {
    if (!context) {
      const opts = program.opts<{ logLevel: LogLevel; debug?: boolean }>();
      debug = Boolean(opts.debug);
      let logger: Logger | undefined;
      context = {
        // Created on first use: a command that never logs does not load pino.
        get logger() {
          logger ??= createLogger(opts.debug ? 'debug' : opts.logLevel);
          return logger;
        },
        signal: abort.signal,
        stdout: escapingStream(process.stdout),
        stderr: escapingStream(process.stderr),
        progress: process.stderr,
        interactive: Boolean(process.stderr.isTTY),
        setInterruptNote: (note) => {
          interruptNote = note;
        },
      };
    }
    return context;
  };
  let outcome: ExitCodeValue = ExitCode.ok;
  const act: Act =
    (action) =>
    async (...args) => {
      outcome = await action(getContext(), ...args);
    };
  const program = buildProgram(act);
  try {
    await program.parseAsync(argv);
    return outcome;
  } catch (error) {
    return reportError(error, { debug, version, stderr: escapingStream(process.stderr) });
  }
}

// The only place that sets the exit code: commands return theirs, errors map to theirs.
process.exitCode = await main(process.argv);
