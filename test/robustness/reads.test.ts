import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runMeasured } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'robust-reads-'));
const fifo = join(dir, 'no-writer.fifo');
execFileSync('mkfifo', [fifo]);
const huge = join(dir, 'huge.json');
// 1 GB without the disk: a sparse file reads as 1 GB of NULs.
execFileSync('truncate', ['-s', '1G', huge]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bounds the tests hold the CLI to (the machine is shared: generous, but far below "hangs" or "GBs"). */
const INTERRUPT_MS = 3_000;
const READ_MS = 10_000;
const RSS_KB = 400 * 1024;

describe('a FIFO nobody writes to: interruptible, exit 130 at the first signal', () => {
  const commands: [string, string[]][] = [
    ['lint', ['lint', fifo]],
    ['diff', ['diff', 'docker-default', fifo]],
    ['generate', ['generate', fifo, '-o', '-']],
    ['record --from-strace', ['record', '--from-strace', fifo, '-o', join(dir, 'o1.json')]],
    ['record --from-audit', ['record', '--from-audit', fifo, '-o', join(dir, 'o2.json')]],
  ];
  it.each(commands)('%s: SIGINT', async (_name, args) => {
    const r = await runMeasured({ args, waitsOn: fifo, signals: [{ at: 500, signal: 'SIGINT' }] });
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(500 + INTERRUPT_MS);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it.each(commands)('%s: SIGTERM', async (_name, args) => {
    const r = await runMeasured({ args, waitsOn: fifo, signals: [{ at: 500, signal: 'SIGTERM' }] });
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(500 + INTERRUPT_MS);
  });
});

describe('reads stop at the limit while reading', () => {
  it('lint /dev/zero is refused at 64 MiB, quickly and in bounded memory', async () => {
    const r = await runMeasured({ args: ['lint', '/dev/zero'] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/zero goes on past the 67108864-byte limit');
    expect(r.ms).toBeLessThan(READ_MS);
    expect(r.maxRssKb).toBeLessThan(RSS_KB);
  });

  it('a 1 GB file is refused by its size without reading it', async () => {
    const r = await runMeasured({ args: ['diff', 'docker-default', huge] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'is 1073741824 bytes, more than the 67108864-byte limit for a profile; nothing was read',
    );
    expect(r.ms).toBeLessThan(READ_MS);
    expect(r.maxRssKb).toBeLessThan(200 * 1024);
  });

  it('an endless stdin is cut at the limit (generate -)', async () => {
    const chunk = 'x'.repeat(1 << 20);
    const r = await runMeasured({ args: ['generate', '-', '-o', '-'], input: chunk.repeat(80), limitMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdin goes on past the 67108864-byte limit');
    expect(r.maxRssKb).toBeLessThan(RSS_KB);
  });
});

describe('Ctrl-C on stdin', () => {
  it('while waiting on stdin is 130, not "empty input"', async () => {
    const r = await runMeasured({ args: ['lint', '-'], signals: [{ at: 300, signal: 'SIGINT' }] });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toContain('empty');
  });

  it('record --from-strace -: the first SIGINT ends the stream and writes a partial observation, exit 130', async () => {
    const out = join(dir, 'partial.json');
    const lines = '1234  openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3\n1234  read(3, "x", 1) = 1\n';
    const r = await runMeasured({
      args: ['record', '--from-strace', '-', '-o', out],
      input: lines,
      signals: [{ at: 500, signal: 'SIGINT' }],
    });
    expect(r.code, r.stderr).toBe(130);
    const observation = JSON.parse(readFileSync(out, 'utf8')) as { complete: boolean; incompleteReasons: string[] };
    expect(observation.complete).toBe(false);
    expect(observation.incompleteReasons).toEqual(['interrupted while reading stdin']);
    expect(r.stderr).toContain('partial observation was written');
  });

  it('record --from-audit -: a second SIGINT exits 130 at once; it never leaves a complete-looking observation', async () => {
    const out = join(dir, 'aborted.json');
    const line =
      'type=SECCOMP msg=audit(1700000000.000:1): pid=5 comm="x" exe="/x" sig=0 arch=c000003e syscall=0 compat=0 ip=0x0 code=0x7ffc0000\n';
    const r = await runMeasured({
      args: ['record', '--from-audit', '-', '-o', out],
      input: line,
      signals: [
        { at: 300, signal: 'SIGINT' },
        { at: 305, signal: 'SIGINT' },
      ],
    });
    expect(r.code).toBe(130);
    // The first signal may finish its partial write before the second arrives (5 ms later).
    if (existsSync(out)) expect(JSON.parse(readFileSync(out, 'utf8')).complete).toBe(false);
  });
});

describe('Ctrl-C while a large trace file is parsed on several threads', () => {
  it('record --from-strace FILE: the first SIGINT stops every thread; what the first read counts, partial, exit 130', async () => {
    // A real strace -f trace repeated to 600 MiB: parsed in two segments, the second in a worker.
    const trace = join(dir, 'large-trace.txt');
    const text = readFileSync(fileURLToPath(new URL('../fixtures/strace-6.1/f-files.txt', import.meta.url)));
    const fd = openSync(trace, 'w');
    for (let written = 0; written < 600 * 1024 * 1024; written += text.length) writeSync(fd, text);
    closeSync(fd);
    const out = join(dir, 'large.obs.json');
    const r = await runMeasured({
      args: ['record', '--from-strace', trace, '-o', out],
      env: { SECCOMPOSE_PARSE_THREADS: '2' },
      afterCpuMs: 400,
      signals: [{ at: 0, signal: 'SIGINT' }],
    });
    rmSync(trace);
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(INTERRUPT_MS);
    const observation = JSON.parse(readFileSync(out, 'utf8')) as {
      complete: boolean;
      incompleteReasons: string[];
      syscalls: Record<string, Record<string, { count: number }>>;
    };
    expect(observation.complete).toBe(false);
    expect(observation.incompleteReasons).toEqual([`interrupted while reading ${trace}`]);
    expect(observation.syscalls.SCMP_ARCH_X86_64!.getdents64!.count).toBeGreaterThan(0);
    expect(r.stderr).toContain('partial observation was written');
  });
});

describe('wrong messages, fixed', () => {
  it('record --from-strace DIR says it is a directory', async () => {
    const r = await runMeasured({ args: ['record', '--from-strace', dir, '-o', join(dir, 'x.json')] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read strace output ${dir}: is a directory`);
    expect(r.stderr).not.toContain('no such file');
  });

  it('diff with a directory as a profile says it is a directory', async () => {
    writeFileSync(join(dir, 'unused'), '');
    const r = await runMeasured({ args: ['diff', 'docker-default', dir] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
  });
});
