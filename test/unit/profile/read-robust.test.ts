import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseProfile } from '../../../src/profile/read.js';

function outcomeOf(text: string): 'ok' | 'input-error' {
  try {
    parseProfile(text, 'fuzz.json');
    return 'ok';
  } catch (error) {
    if (error instanceof InputError) return 'input-error';
    throw error;
  }
}

describe('parseProfile robustness', () => {
  it('throws nothing but InputError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void outcomeOf(text)),
      { numRuns: 500 },
    );
  });

  it('throws nothing but InputError on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void outcomeOf(JSON.stringify(value))),
      { numRuns: 500 },
    );
  });

  it('throws nothing but InputError on mutated profiles', () => {
    const base =
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}';
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 5 }), (start, length, insert) => {
        void outcomeOf(base.slice(0, start) + insert + base.slice(start + length));
      }),
      { numRuns: 500 },
    );
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    const depth = 200_000;
    const deep = `{"defaultAction":"SCMP_ACT_ERRNO","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    // Refused like lint refuses it (json-too-deep): no profile nests more than five levels.
    expect(outcomeOf(deep)).toBe('input-error');
    const deepBad = `{"defaultAction":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(outcomeOf(deepBad)).toBe('input-error');
    const unclosed = `{"defaultAction":${'['.repeat(depth)}`;
    expect(outcomeOf(unclosed)).toBe('input-error');
  });
});
