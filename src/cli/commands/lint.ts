import { Option, type Command } from 'commander';
import { RULE_CATALOG } from '../../lint/rule-catalog.js';
import { type Act, lazyAction } from '../context.js';

const HELP = `
Checks, in order: JSON syntax (invalid-json, with line:column), the profile schema (one finding
per violation, with its JSON pointer), then ${RULE_CATALOG.length - 3} semantic rules. Each finding has a rule id,
a severity (error, warning, info), a message, a position and a hint.

Rules:
${RULE_CATALOG.map((r) => `  ${r.id.padEnd(27)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n')}

Examples:
  seccompose lint nginx.json                           findings as text, exit 1 on errors
  seccompose lint seccomp/                             every *.json below seccomp/
  seccompose lint 'seccomp/**/*.json' --fail-on warning    CI: fail on warnings too (glob quoted)
  seccompose lint seccomp/ --format sarif -o lint.sarif     SARIF for code scanning, text on stdout
  seccompose lint nginx.json --ignore syscall-not-on-arch   drop one rule's findings
  seccompose lint docker-default --json                the shipped Docker default, as JSON
  seccompose lint nginx.json --arch x86_64 --caps default   judge for an amd64 host, default caps
  seccompose generate ls.obs.json -o - | seccompose lint -   read the profile from stdin

Config: .seccompose.yaml in the working directory or a directory above it (or --config FILE):
  lint:
    ignore: ["vendor/**"]             files a directory or glob never expands to
    rules:
      syscall-not-on-arch: off        off, or a severity replacing the rule's own
    overrides:
      - files: ["debug/*.json"]       globs relative to the config file
        rules: { high-risk-syscall: info }

Without --caps, rules only unlocked by a capability (includes.caps) are reported as info; with
--caps, they count as allowed when the caps are granted and are skipped otherwise. --arch names the
daemon's arch: it picks the archMap entry and the includes.arches rules that apply.

Exit codes: 0 no finding at or above --fail-on, 1 there is one (a file that is not even JSON is
an invalid-json error), 2 bad flags, a bad config or an unreadable file.`;

/** `seccompose lint <file|dir|glob|->...`: check profiles and report findings. */
export function registerLint(program: Command, act: Act): void {
  program
    .command('lint')
    .description('check seccomp profiles: JSON syntax, schema, and rules for mistakes and risky allowances')
    .argument('<profiles...>', 'profile files, directories, quoted globs, docker-default, or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'warning', 'info', 'never'])
        .default('error'),
    )
    .option('--arch <arch>', 'daemon architecture to judge for (x86_64, aarch64, … or SCMP_ARCH_*); default: any')
    .option(
      '--caps <caps>',
      'granted capabilities: default, all, none or CAP_X,CAP_Y; default: report cap-conditioned rules as info',
    )
    .option('--config <file>', 'config file (default: .seccompose.yaml here or in a directory above)')
    .option('--ignore <rule>', "drop a rule's findings (repeatable, or comma-separated)", collect, [])
    .option('-o, --output <file>', 'write the --format output to FILE (replaced) and the text report to stdout')
    .option('-q, --quiet', 'print nothing on stdout; the exit code (and -o FILE) carry the result')
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./lint-run.js')).runLint)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
