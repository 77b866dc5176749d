import type { Report } from '../finding.js';
import { describeSyntaxError, MAX_SYNTAX_ERRORS, type ParsedSource } from '../source.js';

/** One report per syntax error (the first few, then a count); positions come from the error offsets. */
export function reportSyntaxErrors(source: ParsedSource): Report[] {
  if (source.root === undefined && source.syntaxErrors.length === 0) {
    return [
      {
        severity: 'error',
        message: 'the input is empty: a profile is a JSON object',
        pointer: '',
        hint: 'pass a profile file, e.g. `seccompose lint profiles/docker-default.json`',
      },
    ];
  }
  const shown = source.syntaxErrors.slice(0, MAX_SYNTAX_ERRORS).map(
    (error): Report => ({
      severity: 'error',
      message: `invalid JSON: ${describeSyntaxError(error)}${near(source.text, error.offset)}`,
      pointer: '',
      hint: 'fix the syntax at this position (seccomp profiles are strict JSON: no comments, no trailing commas)',
      offset: error.offset,
    }),
  );
  const rest = source.syntaxErrors.length - shown.length;
  if (rest > 0) {
    const last = source.syntaxErrors[MAX_SYNTAX_ERRORS]!;
    shown.push({
      severity: 'error',
      message: `${rest} more JSON syntax errors not shown`,
      pointer: '',
      hint: 'fix the first errors and lint again',
      offset: last.offset,
    });
  }
  return shown;
}

function near(text: string, offset: number): string {
  const token = text.slice(offset, offset + 20).split(/[\r\n]/)[0] ?? '';
  return token.length === 0 ? ' at end of input' : ` near ${JSON.stringify(token)}`;
}
