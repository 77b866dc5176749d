import { spawnSync } from 'node:child_process';

/** What an integration test needs from the machine. */
export type Component = 'engine' | 'strace' | 'bpftrace' | 'auditd' | 'runc' | 'qemu';

const probes: Record<Component, () => string | undefined> = {
  engine: () => failure('docker', ['info', '--format', '{{.ServerVersion}}']),
  strace: () => failure('strace', ['-V']),
  bpftrace: () => failure('bpftrace', ['--version']),
  auditd: () => failure('auditctl', ['-s']),
  runc: () => failure('runc', ['--version']),
  qemu: () => failure('qemu-aarch64-static', ['--version']),
};

function failure(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) return `${cmd}: ${r.error.message}`;
  if (r.status !== 0) return `${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().slice(0, 200)}`;
  return undefined;
}

const cache = new Map<Component, string | undefined>();

/**
 * Gate an integration test on real components. Locally a missing one skips the test with a loud
 * message; under CI=true it fails the test, because CI must have installed everything
 * (`scripts/setup`). Call first thing in the test: `requireComponents(ctx, 'engine', 'bpftrace')`.
 */
export function requireComponents(ctx: { skip: (note?: string) => void }, ...components: Component[]): void {
  for (const component of components) {
    if (!cache.has(component)) cache.set(component, probes[component]());
    const why = cache.get(component);
    if (why === undefined) continue;
    const message = `integration test needs ${component}, which is not available: ${why} (run \`bash scripts/setup\` as root)`;
    if (process.env.CI === 'true') throw new Error(message);
    process.stderr.write(`\n!!! SKIPPED: ${message}\n`);
    ctx.skip(message);
  }
}
