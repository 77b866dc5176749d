import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('seccompose verify / caps minimize: usage and environment errors (built CLI)', () => {
  it.each([
    [['verify'], /no profile given/],
    [['verify', 'docker-default'], /nothing to run/],
    [['verify', 'no-such-profile.json', '--', 'docker', 'run', 'img'], /no-such-profile\.json/],
    [['verify', '--compose', 'x.yaml', '--', 'docker', 'run', 'img'], /--compose and --service go together/],
    [['verify', 'docker-default', '--cap-add', 'NOPE', '--', 'docker', 'run', 'img'], /unknown capability "NOPE"/],
    [['verify', 'docker-default', '--', 'docker', 'run', '--privileged', 'img'], /--privileged/],
    [
      ['caps', 'minimize', '--max-replays', '0', '--', 'docker', 'run', 'img'],
      /--max-replays needs an integer of at least 2/,
    ],
    [
      ['caps', 'minimize', '--max-replays', '1', '--', 'docker', 'run', 'img'],
      /--max-replays needs an integer of at least 2/,
    ],
    [['caps', 'minimize', '--', 'ls'], /caps minimize replays containers/],
    [['caps', 'minimize', '--start', 'observed', '--', 'docker', 'run', 'img'], /--start observed needs --from/],
  ])('%j exits 2 with a message and a hint', (args, message) => {
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/hint:/);
    expect(r.stdout).toBe('');
  });

  it('refuses the --minimize-caps options without --minimize-caps instead of ignoring them (exit 2)', () => {
    const r = runCli(['verify', 'docker-default', '--from', 'obs.json', '--', 'docker', 'run', 'seccompose/busybox:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('seccompose: --from is used only with --minimize-caps');
    expect(runCli(['verify', 'docker-default', '--max-replays', '4', '--', 'ls']).stderr).toContain(
      '--max-replays is used only with --minimize-caps',
    );
  });

  it('exits 3 when the engine is unreachable', () => {
    const r = runCli(['verify', 'docker-default', '--', 'docker', 'run', 'img'], {
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/not reachable|not answering/);
  });

  it('documents the canary, the complain run, examples and exit codes in --help', () => {
    const help = runCli(['verify', '--help']).stdout;
    for (const part of ['canary', 'complain run', '--compose', 'Examples:', 'Exit codes: 0 pass; 1 fail'])
      expect(help).toContain(part);
    expect(runCli(['caps', 'minimize', '--help']).stdout).toMatch(/--max-replays[\s\S]*Examples:/);
  });
});
