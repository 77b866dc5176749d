import { Option, type Command } from 'commander';
import { DIFF_GATES } from '../../diff/gate-names.js';
import { type Act, lazyAction } from '../context.js';

const EXAMPLES = `
Each side is a profile (a path, docker-default, or - for stdin), an observation (compared as the
profile generate would build from it, with the capabilities it needs) or a compose file/override
(its service's security_opt seccomp=PATH and effective capabilities; --service picks one).
Both profiles are resolved for one host first (archMap, includes/excludes by arch, caps and
minKernel, exactly as dockerd applies them), then compared per syscall name. "Allowed" means
reachable with ALLOW or LOG, unconditionally or for some arguments. Capability sets are compared
when an input carries one (a bare profile then counts as Docker's default 14).

Examples:
  seccompose diff docker-default nginx.json               attack surface nginx.json removes
  seccompose diff ls.json nginx.json --fail-on added      CI gate: exit 1 if new allows more
  seccompose diff ls.json nginx.json --fail-on high-risk,caps   only risky additions and new caps fail
  seccompose diff ls.json nginx.json --exit-code --quiet  exit 1 on any difference, like git diff
  seccompose diff ls.json nginx.json --format markdown -o diff.md   a PR comment in diff.md, text on stdout
  seccompose diff web.compose.yaml compose.seccomp.yaml --service web
  seccompose diff idle.obs.json nginx.obs.json            what the new recording changes
  cat nginx.json | seccompose diff ls.json -              read the new profile from stdin

Exit codes: 0 the diff was printed (differences are information, not failure), 1 with
--exit-code when there is any difference, or when a --fail-on gate trips (added: a syscall newly
allowed or an argument filter widened; high-risk: one of those is high-risk; caps: a capability
added); 2 bad flags or an unreadable/invalid input. --fail-on-added is --fail-on added.`;

/** `seccompose diff <old> <new>`: compare two resolved profiles (and capability sets). */
export function registerDiff(program: Command, act: Act): void {
  program
    .command('diff')
    .description('compare two seccomp profiles as they apply to one host: syscalls added, removed, changed')
    .argument('<old>', 'old (baseline): profile path, docker-default, -, observation or compose file')
    .argument('<new>', 'new: profile path, docker-default, -, observation or compose file')
    .option('--arch <arch>', 'daemon architecture (x86_64, aarch64, s390x, … or SCMP_ARCH_*)', 'x86_64')
    .option(
      '--caps <caps>',
      'bounding capabilities: default, all, none or CAP_X,CAP_Y (may include default)',
      'default',
    )
    .option('--kernel <X.Y>', 'host kernel major.minor for minKernel rules (default: the running kernel)')
    .option('--service <name>', 'the compose service to compare when an input is a compose file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--json', 'same as --format json')
    .option(
      '--fail-on <gates>',
      `exit 1 when a gate trips: ${DIFF_GATES.join(', ')} (comma-separated, repeatable)`,
      collect,
      [],
    )
    .option('--fail-on-added', 'same as --fail-on added')
    .option('--exit-code', 'exit 1 when the inputs differ at all (like git diff --exit-code)')
    .option('-o, --output <file>', 'write the --format output to FILE (replaced) and the text diff to stdout')
    .option('-q, --quiet', 'print nothing on stdout; the exit code (and -o FILE) carry the result')
    .addHelpText('after', EXAMPLES)
    .action(act(lazyAction(async () => (await import('./diff-run.js')).runDiff)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
