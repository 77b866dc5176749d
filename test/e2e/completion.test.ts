import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'seccompose-completion-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bashScript = join(scratch, 'seccompose.bash');

/** Complete `words` (the last one being typed) with the generated bash script, in real bash. */
function bashComplete(words: string[]): string[] {
  const script = bashScript;
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '--norc',
      '-c',
      `source "$1"; COMP_WORDS=(${quoted}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _seccompose; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      script,
    ],
    { encoding: 'utf8', cwd: scratch },
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('seccompose completion', () => {
  writeFileSync(bashScript, runCli(['completion', 'bash']).stdout);

  it('bash completes commands, nested commands, options, option choices and the workload after --', () => {
    expect(bashComplete(['seccompose', ''])).toEqual(expect.arrayContaining(['record', 'generate', 'verify', 'caps']));
    expect(bashComplete(['seccompose', 'gen'])).toEqual(['generate']);
    expect(bashComplete(['seccompose', 'caps', ''])).toEqual(['minimize']);
    expect(bashComplete(['seccompose', 'lint', '--format', ''])).toEqual(['text', 'json', 'sarif']);
    expect(bashComplete(['seccompose', 'record', '--back'])).toEqual(['--backend']);
    expect(bashComplete(['seccompose', 'completion', ''])).toEqual(['bash', 'zsh', 'man']);
    expect(bashComplete(['seccompose', 'record', '-o', 'obs.json', '--', 'bas'])).toContain('bash');
  });

  it('zsh loads the generated function under compinit and defines one function per command', () => {
    const file = join(scratch, '_seccompose');
    writeFileSync(file, runCli(['completion', 'zsh']).stdout);
    const parse = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(parse.status, parse.stderr).toBe(0);
    const load = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        `autoload -Uz compinit && compinit -u -d "$2/zcompdump" && source "$1" 2>/dev/null; whence -w _seccompose _seccompose_record _seccompose_caps_minimize`,
        'zsh',
        file,
        scratch,
      ],
      { encoding: 'utf8' },
    );
    expect(load.stdout).toBe(
      '_seccompose: function\n_seccompose_record: function\n_seccompose_caps_minimize: function\n',
    );
  });

  it('man: groff reads the page without a warning, and every command has a section with its examples', () => {
    const page = runCli(['completion', 'man']).stdout;
    const file = join(scratch, 'seccompose.1');
    writeFileSync(file, page);
    const groff = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', file], { encoding: 'utf8' });
    expect(groff.stderr).toBe('');
    for (const command of ['record', 'generate', 'verify', 'diff', 'lint', 'emit', 'caps minimize']) {
      expect(page).toContain(`.SS ${command}`);
    }
    expect(page).toContain('Examples:');
  });
});
