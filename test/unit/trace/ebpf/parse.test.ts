import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BpftraceJsonReader, parseBpftraceJson } from '../../../../src/trace/ebpf/parse.js';
import { EBPF_READY_MARKER } from '../../../../src/trace/ebpf/program.js';
import { relevantStderr } from '../../../../src/trace/ebpf/session.js';
import { BUSYBOX_NS, readBpftraceFixture } from './fixtures.js';

describe('bpftrace 0.17 JSON output', () => {
  const output = parseBpftraceJson(readBpftraceFixture('busybox-run.jsonl'), EBPF_READY_MARKER);

  it('reads the attach line, the ready marker and every map of a real run', () => {
    expect(output.attachedProbes).toBe(8);
    expect(output.ready).toBe(true);
    expect(output.unparsed).toEqual([]);
    expect(output.lostEvents).toBe(0);
    expect(output.helperErrors).toBe(0);
    expect(output.handovers).toEqual([
      { ns: BUSYBOX_NS, inode: '4026532180', pid: 19959, hostname: 'fixture-host', count: 1 },
    ]);
  });

  it('holds counts of the recorded container only (the program records no other task)', () => {
    const namespaces = new Set([...output.enter, ...output.fail, ...output.caps].map((c) => c.ns));
    expect([...namespaces]).toEqual([BUSYBOX_NS]);
  });

  it('decodes map keys: mount namespace, compat flag, syscall number', () => {
    const ours = output.enter.filter((c) => c.ns === BUSYBOX_NS);
    expect(ours).toContainEqual({ ns: BUSYBOX_NS, compat: true, id: 20, count: 2 }); // i386 getpid
    expect(ours).toContainEqual({ ns: BUSYBOX_NS, compat: false, id: 92, count: 1 }); // chown
    expect(output.fail).toContainEqual({ ns: BUSYBOX_NS, compat: false, id: 272, count: 1 }); // unshare
    expect(output.caps).toContainEqual({ ns: BUSYBOX_NS, cap: 10, granted: true, count: 1 });
    expect(output.caps).toContainEqual({ ns: BUSYBOX_NS, cap: 21, granted: false, count: 50 });
  });

  it('sums lost_events records', () => {
    const lost = parseBpftraceJson(readBpftraceFixture('lost-events.jsonl'), EBPF_READY_MARKER);
    expect(lost.lostEvents).toBe(7554);
    expect(lost.ready).toBe(false);
  });

  it('counts helper errors (a full map) and keeps maps it does not know as unparsed', () => {
    const full = parseBpftraceJson(readBpftraceFixture('map-full.jsonl'), EBPF_READY_MARKER);
    expect(full.helperErrors).toBe(3);
    expect(full.unparsed).toHaveLength(1);
    expect(full.unparsed[0]!.text).toMatch(/^\{"type": "map"/);
  });

  it.each([
    ['not json', 'Attaching 4 probes...'],
    ['unknown type', '{"type": "time", "data": "10:00:00"}'],
    ['bad count', '{"type": "map", "data": {"@enter": {"1,0,1": -3}}}'],
    ['bad key', '{"type": "map", "data": {"@enter": {"x,0,1": 3}}}'],
    ['short key', '{"type": "map", "data": {"@cap": {"1,2": 3}}}'],
    ['array', '[1,2]'],
  ])('keeps a line it does not understand as unparsed: %s', (_what, line) => {
    const result = parseBpftraceJson(line, EBPF_READY_MARKER);
    expect(result.unparsed).toEqual([{ line: 1, text: line }]);
  });

  it('keeps the good entries of a map with a bad one', () => {
    const result = parseBpftraceJson('{"type": "map", "data": {"@enter": {"7,0,1": 3, "oops": 1}}}', EBPF_READY_MARKER);
    expect(result.enter).toEqual([{ ns: '7', compat: false, id: 1, count: 3 }]);
    expect(result.unparsed).toHaveLength(1);
  });

  it('keeps commas in a hostname (the last key part)', () => {
    const result = parseBpftraceJson('{"type": "map", "data": {"@handover": {"9,10,11,a,b": 1}}}', EBPF_READY_MARKER);
    expect(result.handovers).toEqual([{ ns: '9', inode: '10', pid: 11, hostname: 'a,b', count: 1 }]);
  });

  it('calls back once when the ready marker arrives', () => {
    let calls = 0;
    const reader = new BpftraceJsonReader(EBPF_READY_MARKER, () => (calls += 1));
    const marker = JSON.stringify({ type: 'printf', data: `${EBPF_READY_MARKER}\n` });
    reader.addLine('{"type": "attached_probes", "data": {"probes": 4}}');
    expect(calls).toBe(0);
    reader.addLine(marker);
    reader.addLine(marker);
    expect(calls).toBe(1);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (text, json) => {
        parseBpftraceJson(text, EBPF_READY_MARKER);
        parseBpftraceJson(JSON.stringify({ type: 'map', data: json }), EBPF_READY_MARKER);
        parseBpftraceJson(JSON.stringify({ type: 'map', data: { '@enter': json } }), EBPF_READY_MARKER);
      }),
    );
  });
});

describe('bpftrace stderr', () => {
  it('drops the harmless RLIMIT_MEMLOCK warning and keeps everything else', () => {
    expect(relevantStderr(readBpftraceFixture('busybox-run.stderr.txt'))).toEqual([]);
    expect(
      relevantStderr(
        "ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK for bpftrace.\nstdin:1:1: ERROR: Unknown probe\n",
      ),
    ).toEqual(['stdin:1:1: ERROR: Unknown probe']);
  });
});
