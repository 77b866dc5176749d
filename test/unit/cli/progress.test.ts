import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../../src/cli/render/progress.js';

function line(updates: Parameters<ProgressLine['update']>[0][]): string {
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text), isTTY: true } as unknown as NodeJS.WritableStream;
  const progress = new ProgressLine(stream, true);
  for (const update of updates) {
    (progress as unknown as { last: number }).last = 0; // redraw on every update, not at most every 250 ms
    progress.update(update);
  }
  return written.at(-1) ?? '';
}

describe('ProgressLine', () => {
  it('shows only the phase and elapsed time until a tracer reports counts (ebpf counts in the kernel)', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress line's own escape sequence
    expect(line([{ phase: 'recording' }])).toMatch(/^\r\x1b\[2Krecording · \d+\.\ds$/);
  });

  it('shows events without a distinct count when the tracer does not know it (audit)', () => {
    const text = line([{ phase: 'exercising' }, { events: 120, distinct: undefined }]);
    expect(text).toMatch(/exercising · \d+\.\ds · 120 syscalls · \d+\/s$/);
    expect(text).not.toMatch(/distinct/);
  });

  it('shows events, distinct names and rate when both are reported (strace)', () => {
    expect(line([{ events: 50, distinct: 7 }])).toMatch(/\d+\.\ds · 50 syscalls · 7 distinct · \d+\/s$/);
  });

  it('writes nothing when disabled', () => {
    const written: string[] = [];
    const progress = new ProgressLine(
      { write: (t: string) => written.push(t) } as unknown as NodeJS.WritableStream,
      false,
    );
    progress.update({ events: 1, distinct: 1 });
    progress.clear();
    expect(written).toEqual([]);
  });
});
