import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { lintProfileText } from '../../../src/lint/run.js';

const bad = (name: string) =>
  lintProfileText(readFileSync(join(repoRoot, 'test', 'fixtures', 'lint', 'bad', name), 'utf8'), name);
const at = (findings: ReturnType<typeof bad>, rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => [f.line, f.column, f.pointer]);

describe('lint positions (1-based line:column)', () => {
  it('invalid JSON: the missing comma is reported where the next token starts', () => {
    const findings = bad('invalid-json.json');
    expect(at(findings, 'invalid-json')).toEqual([[6, 7, '']]);
    expect(findings[0]!.message).toContain('comma expected');
  });

  it('schema violations point at the offending value, with a JSON pointer', () => {
    expect(at(bad('schema.json'), 'schema')).toEqual([
      [22, 17, '/syscalls/1/action'],
      [29, 19, '/syscalls/2/errnoRet'],
    ]);
  });

  it('unknown syscall points at the name string; duplicate key at the second key', () => {
    expect(at(bad('unknown-syscall.json'), 'unknown-syscall')).toEqual([[20, 9, '/syscalls/1/names/0']]);
    expect(at(bad('duplicate-key.json'), 'duplicate-key')).toEqual([[5, 54, '/syscalls/0/action']]);
  });

  it('unknown fields point at the key, too-deep input at the first bracket past the limit', () => {
    expect(at(bad('unknown-field.json'), 'unknown-field')).toEqual([
      [23, 7, '/syscalls/1/errnoRte'],
      [26, 3, '/defaultErrno'],
    ]);
    expect(at(bad('json-too-deep.json'), 'json-too-deep')).toEqual([[1, 65, '']]);
  });

  it('counts CRLF and CR line ends, and columns in UTF-16 code units', () => {
    const crlf = '{\r\n  "defaultAction": "SCMP_ACT_ERRNO",\r\n  "bogus": 1\r\n}';
    expect(at(lintProfileText(crlf, 'crlf'), 'unknown-field')).toEqual([[3, 3, '/bogus']]);
    const cr = '{\r  "defaultAction": "SCMP_ACT_ERRNO",\r  "bogus": 1\r}';
    expect(at(lintProfileText(cr, 'cr'), 'unknown-field')).toEqual([[3, 3, '/bogus']]);
    const wide =
      '{"comment": "😀", "defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}';
    const [finding] = lintProfileText(wide, 'wide').filter((f) => f.rule === 'unknown-syscall');
    expect(finding!.column).toBe(wide.indexOf('"opne"') + 1);
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    const findings = lintProfileText('{"defaultAction": "SCMP_ACT_ERRNO", "a/b~c": 1}', 'x');
    expect(at(findings, 'unknown-field')).toEqual([[1, 37, '/a~1b~0c']]);
  });
});
