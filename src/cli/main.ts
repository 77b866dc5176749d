import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, InternalError, ToolError, UsageError, InterruptedError } from '../errors.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../log.js';
import { endEverythingNow } from '../workload/live.js';
import type { CommandContext } from './context.js';
import { registerCommands } from './commands/index.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

const abort = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupts += 1;
    if (interrupts > 1) {
      // No time for the awaited cleanup: remove what is running now, synchronously, then go.
      const left = endEverythingNow();
      if (left.length > 0) process.stderr.write(`seccompose: could not remove, do it by hand: ${left.join('; ')}\n`);
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(
      `\nseccompose: ${sig === 'SIGINT' ? 'interrupted' : 'terminated'}, cleaning up (press Ctrl-C again to quit at once)\n`,
    );
    abort.abort(new InterruptedError());
  });
}

function buildProgram(context: () => CommandContext): Command {
  const program = new Command('seccompose')
    .description(
      'Record what a workload really does and turn it into the tightest seccomp profile and capability set ' +
        'that still lets it run; lint, diff and verify profiles in CI.',
    )
    .version(version, '-V, --version')
    .addOption(new Option('--log-level <level>', 'log verbosity on stderr').choices(LOG_LEVELS).default('warn'))
    .option('--debug', 'show stack traces and debug logs')
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
  registerCommands(program, context);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  let context: CommandContext | undefined;
  const getContext = (): CommandContext => {
    if (!context) {
      const opts = program.opts<{ logLevel: LogLevel; debug?: boolean }>();
      debug = Boolean(opts.debug);
      context = {
        logger: createLogger(opts.debug ? 'debug' : opts.logLevel),
        signal: abort.signal,
        stdout: process.stdout,
        stderr: process.stderr,
        interactive: Boolean(process.stderr.isTTY),
      };
    }
    return context;
  };
  const program = buildProgram(getContext);
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    return report(error, debug);
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return ExitCode.ok;
    }
    const usage = new UsageError(error.message.replace(/^error: /, ''), {
      hint: 'see `seccompose --help` or `seccompose <command> --help`',
    });
    return report(usage, debug);
  }
  if (error instanceof ToolError && !(error instanceof InternalError)) {
    process.stderr.write(`seccompose: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(
    `seccompose: internal error: ${err.message}\n` +
      `This is a bug in seccompose ${version} (node ${process.version}, ${process.platform}/${process.arch}); please report it with the command you ran.\n` +
      `${err.stack ?? ''}\n`,
  );
  return ExitCode.internal;
}

process.exitCode = await main(process.argv);
