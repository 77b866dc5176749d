import { describe, expect, it } from 'vitest';
import { isDockerCommand, parseSeconds } from '../../../src/cli/workload-flags.js';
import { UsageError } from '../../../src/errors.js';

describe('parseSeconds', () => {
  it.each([
    ['5', 5],
    ['0.25', 0.25],
    [' 30 ', 30],
  ])('reads %j as %d seconds', (text, seconds) => expect(parseSeconds(text, '--duration')).toBe(seconds));

  it.each(['0', '-1', 'abc', '', 'Infinity', '1e400'])('refuses %j where zero is not allowed', (text) => {
    expect(() => parseSeconds(text, '--duration')).toThrow(UsageError);
    expect(() => parseSeconds(text, '--duration')).toThrow(
      `--duration needs a positive number of seconds, got ${JSON.stringify(text)}`,
    );
  });

  it('allows zero where asked (--grace 0: SIGKILL at once) and says non-negative', () => {
    expect(parseSeconds('0', '--grace', true)).toBe(0);
    expect(() => parseSeconds('-2', '--grace', true)).toThrow(
      '--grace needs a non-negative number of seconds, got "-2"',
    );
  });
});

describe('isDockerCommand', () => {
  it.each([
    ['docker', true],
    ['/usr/bin/docker', true],
    ['dockerd', false],
    ['podman', false],
    [undefined, false],
  ])('%j → %s', (word, expected) => expect(isDockerCommand(word)).toBe(expected));
});
