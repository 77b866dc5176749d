import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../helpers/cli.js';

/** Text of a captured bpftrace 0.17 output (test/fixtures/bpftrace-0.17/). */
export function readBpftraceFixture(name: string): string {
  return readFileSync(join(repoRoot, 'test/fixtures/bpftrace-0.17', name), 'utf8');
}

/** The container's mount namespace id in busybox-run.jsonl (see the fixtures' README). */
export const BUSYBOX_NS = '346';
