import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseObservation } from '../../src/model/read-observation.js';
import type { Observation } from '../../src/model/observation.js';
import { parseProfile } from '../../src/profile/read.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { defaultResolveContext } from '../../src/profile/context.js';
import { evaluate } from '../../src/profile/evaluate.js';
import { runCli, repoRoot } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

/**
 * Ground truth for `generate --arch aarch64`: the same program, recorded here on x86_64 with
 * strace and run as an aarch64 binary (from an arm64 Debian root, scripts/arm64-root) under
 * qemu-user with -strace. The x86_64 recording translated for aarch64 must allow every call of
 * the aarch64 trace.
 */
const AARCH64 = 'SCMP_ARCH_AARCH64' as const;

/**
 * qemu-user 7.2 (Debian bookworm) gives aarch64 guests no vDSO (qemu 8.1 added one), so the
 * guest's libc makes these as real syscalls; on aarch64 hardware, and on x86_64 where the
 * recording was made, they go through the vDSO and never reach seccomp.
 */
const QEMU_NO_VDSO = ['clock_gettime', 'clock_getres', 'gettimeofday'];

const dir = mkdtempSync(join(tmpdir(), 'seccompose-it-crossabi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let root = '';
let rootError: string | undefined;

beforeAll(() => {
  if (spawnSync('qemu-aarch64-static', ['--version']).status !== 0) return;
  const built = spawnSync('bash', [join(repoRoot, 'scripts', 'arm64-root')], { encoding: 'utf8', timeout: 600_000 });
  if (built.status === 0) root = built.stdout.trim();
  else rootError = `scripts/arm64-root exited ${built.status}: ${built.stderr.trim().slice(-400)}`;
}, 600_000);

/** The arm64 root is part of the environment: a failed build skips loudly here, and fails under CI=true. */
function requireRoot(ctx: { skip: (note?: string) => void }): void {
  if (rootError === undefined) return;
  const message = `the cross-ABI test needs the arm64 root: ${rootError}`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`\n!!! SKIPPED: ${message}\n`);
  ctx.skip(message);
}

function run(args: string[]): string {
  const r = runCli(args);
  if (r.code !== 0) throw new Error(`seccompose ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stderr;
}

function observation(path: string): Observation {
  return parseObservation(readFileSync(path, 'utf8'), path);
}

/** Socket families the qemu trace shows (`socket(PF_INET,...`), for socket's argument filter. */
const FAMILIES: Readonly<Record<string, bigint>> = {
  PF_UNIX: 1n,
  PF_LOCAL: 1n,
  PF_INET: 2n,
  PF_INET6: 10n,
  PF_NETLINK: 16n,
};
function socketFamilies(trace: string): bigint[] {
  return [...trace.matchAll(/^\d+ socket\(([A-Z_0-9]+),/gm)].map((m) => FAMILIES[m[1]!] ?? BigInt(m[1]!));
}

interface Case {
  name: string;
  /** The program and its arguments; `{root}` is the arm64 root's copy of the same path. */
  program: string;
  args: (work: string) => string[];
}

/** The README's example program (files, a pipe, select/poll, one TCP connection), run here on both ABIs. */
const PY = readFileSync(join(repoRoot, 'test/fixtures/docs/world/files-and-socket.py'), 'utf8');

/** Shell builtins only (an external command would be exec'd as a host binary under qemu); not fd 3, where qemu's -D log is. */
const SH =
  'cd "$1" && echo hi > a.txt && echo more >> a.txt && read line < a.txt && test -f a.txt && test -d . && umask 022 && printf "%s\\n" "$line" > b.txt && [ -s b.txt ] && exec 8<> c.txt';

/** The issue's own example: a perl script (perl-base is in every Debian root). */
const PL = `
my $d = shift; mkdir "$d/s" or die; open(my $f, '>', "$d/s/a") or die; print $f "x"; close $f;
my @s = stat("$d/s/a"); my @l = lstat("$d/s/a"); -r "$d/s/a" or die; rename("$d/s/a", "$d/s/b") or die;
symlink("b", "$d/s/l") or die; readlink("$d/s/l") eq "b" or die; chmod 0600, "$d/s/b";
opendir(my $h, "$d/s") or die; my @e = readdir $h; closedir $h; select(undef, undef, undef, 0.01);
pipe(my $r, my $w) or die; open(my $dup, '>&', $w) or die; unlink "$d/s/l", "$d/s/b"; rmdir "$d/s" or die;
`;

const CASES: Case[] = [
  { name: 'ls -la', program: '/usr/bin/ls', args: (work) => ['-la', work] },
  { name: 'sh -c with file operations', program: '/bin/sh', args: (work) => ['-c', SH, 'sh', work] },
  { name: 'perl -e with file operations', program: '/usr/bin/perl', args: (work) => ['-e', PL, work] },
  // -I -S: no site packages, which differ between this host and the root.
  {
    name: 'python3 -c with files and a socket',
    program: '/usr/bin/python3',
    args: (work) => ['-I', '-S', '-c', PY, work],
  },
];

function workDir(name: string, side: string): string {
  const work = join(dir, `${name.replace(/\W+/g, '-')}-${side}`);
  mkdirSync(work);
  writeFileSync(join(work, 'file'), 'x');
  symlinkSync('file', join(work, 'link'));
  return work;
}

describe('generate --arch aarch64 against qemu-user traces of the same programs', () => {
  it.for(CASES)('$name: the translated x86_64 recording allows every aarch64 call', (c, ctx) => {
    requireComponents(ctx, 'strace', 'qemu');
    requireRoot(ctx);
    const slug = c.name.replace(/\W+/g, '-');
    const x86 = join(dir, `${slug}.x86_64.json`);
    run(['record', '--quiet', '-o', x86, '--', c.program, ...c.args(workDir(c.name, 'x86_64'))]);
    const trace = join(dir, `${slug}.qemu.txt`);
    const guest = spawnSync(
      'qemu-aarch64-static',
      ['-L', root, '-D', trace, '-strace', join(root, c.program), ...c.args(workDir(c.name, 'aarch64'))],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(guest.status, guest.stderr).toBe(0);
    const arm = join(dir, `${slug}.aarch64.json`);
    run(['record', '--quiet', '-o', arm, '--from-strace', trace, '--trace-arch', 'aarch64']);
    const armObs = observation(arm);
    expect(armObs.exit.code).toBe(0);
    const profilePath = join(dir, `${slug}.aarch64-profile.json`);
    run(['generate', x86, '--arch', 'aarch64', '-o', profilePath]);
    const profile = parseProfile(readFileSync(profilePath, 'utf8'), profilePath);
    expect(profile.archMap).toEqual([{ architecture: AARCH64, subArchitectures: ['SCMP_ARCH_ARM'] }]);
    const policy = resolveProfile(profile, { ...defaultResolveContext(), arch: AARCH64 });
    const families = socketFamilies(readFileSync(trace, 'utf8'));
    const checks: Array<[string, bigint[]]> = Object.keys(armObs.syscalls[AARCH64] ?? {})
      .filter((name) => !QEMU_NO_VDSO.includes(name))
      .flatMap(
        (name): Array<[string, bigint[]]> => (name === 'socket' ? families.map((f) => [name, [f]]) : [[name, []]]),
      );
    const denied = checks
      .filter(([name, args]) => evaluate(policy, AARCH64, name, args).action !== 'SCMP_ACT_ALLOW')
      .map(([name, args]) => (args.length > 0 ? `${name}(${args.join(',')})` : name));
    expect(denied).toEqual([]);
    const lint = runCli(['lint', profilePath, '--arch', 'aarch64']);
    expect(lint.code, lint.stdout).toBe(0);
    expect(lint.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('needs the x86_64 names translated: without --arch translation the aarch64 calls are denied', (ctx) => {
    requireComponents(ctx, 'strace', 'qemu');
    requireRoot(ctx);
    const x86 = observation(join(dir, 'python3-c-with-files-and-a-socket.x86_64.json'));
    const arm = observation(join(dir, 'python3-c-with-files-and-a-socket.aarch64.json'));
    const recorded = Object.keys(x86.syscalls.SCMP_ARCH_X86_64 ?? {});
    const missing = Object.keys(arm.syscalls[AARCH64] ?? {}).filter(
      (n) => !recorded.includes(n) && !QEMU_NO_VDSO.includes(n),
    );
    expect(missing).toEqual(
      expect.arrayContaining([
        'dup3',
        'faccessat',
        'mkdirat',
        'ppoll',
        'readlinkat',
        'renameat',
        'symlinkat',
        'unlinkat',
      ]),
    );
  });
});
