import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/emit/shell-quote.js';

describe('shellQuote', () => {
  it.each([
    ['plain-word_1.2/x', 'plain-word_1.2/x'],
    ['two words', `'two words'`],
    ['$HOME', `'$HOME'`],
    [`it's`, `'it'\\''s'`],
    ['', `''`],
    ['--security-opt=seccomp=/tmp/p.json', '--security-opt=seccomp=/tmp/p.json'],
    ['a\nb', `'a\nb'`],
  ])('%j → %s', (input, expected) => expect(shellQuote(input)).toBe(expected));
});
