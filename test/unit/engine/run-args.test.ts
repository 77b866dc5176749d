import { describe, expect, it } from 'vitest';
import { composeRunArgs, parseDockerRun, RECORDING_LABEL } from '../../../src/engine/run-args.js';
import { OWNER_LABEL, ownTag } from '../../../src/state/owner.js';
import { recordingName } from '../../../src/workload/names.js';
import { UsageError } from '../../../src/errors.js';

const parse = (line: string) => parseDockerRun(line.split(' '));

describe('parseDockerRun: where the image is', () => {
  it.each([
    ['docker run busybox', 'busybox', []],
    ['docker run busybox sh -c true', 'busybox', ['sh', '-c', 'true']],
    ['docker run -p 8080:80 nginx', 'nginx', []],
    ['docker run -p8080:80 nginx', 'nginx', []],
    ['docker run -p=8080:80 nginx', 'nginx', []],
    ['docker run --publish 8080:80 --env A=1 -e B=2 nginx -g daemon', 'nginx', ['-g', 'daemon']],
    ['docker run --env=A=1 nginx', 'nginx', []],
    ['docker run -it busybox sh', 'busybox', ['sh']],
    ['docker run -itd busybox sh', 'busybox', ['sh']],
    ['docker run -dit -u 1000 busybox id', 'busybox', ['id']],
    ['docker run -itu 1000 busybox id', 'busybox', ['id']],
    ['docker run --init --read-only -v /a:/b busybox ls /b', 'busybox', ['ls', '/b']],
    ['docker run --sig-proxy=false busybox', 'busybox', []],
    ['docker run --health-cmd true --health-interval 1s busybox', 'busybox', []],
    ['docker run -- busybox --help', 'busybox', ['--help']],
    ['docker container run -w /tmp busybox pwd', 'busybox', ['pwd']],
    ['/usr/bin/docker run busybox', 'busybox', []],
    ['docker run busybox -p 80', 'busybox', ['-p', '80']],
  ])('%s → image %s', (line, image, command) => {
    const spec = parse(line);
    expect(spec.image).toBe(image);
    expect(spec.command).toEqual(command);
  });

  it('keeps the user options as written, without the image, the command or a trailing --', () => {
    expect(parse('docker run -it -p 80:80 -- nginx').options).toEqual(['-it', '-p', '80:80']);
  });
});

describe('parseDockerRun: what seccompose handles itself', () => {
  it('drops --rm and -d, and says why', () => {
    const spec = parse('docker run --rm -d -p 80:80 nginx');
    expect(spec.passthrough).toEqual(['--publish', '80:80']);
    expect(spec.dropped.join(' ')).toMatch(/--rm .*removes the container itself/);
    expect(spec.dropped.join(' ')).toMatch(/--detach/);
  });

  it('splits combined short flags and keeps -i/-t', () => {
    expect(parse('docker run -dit busybox sh').passthrough).toEqual(['--interactive', '--tty']);
  });

  it('remembers --name, --runtime and no-new-privileges', () => {
    const spec = parse('docker run --name web --runtime=crun --security-opt no-new-privileges:true nginx');
    expect(spec).toMatchObject({ name: 'web', runtime: 'crun', noNewPrivileges: true });
    expect(spec.passthrough).toContain('--security-opt');
  });

  it.each(['no-new-privileges', 'no-new-privileges=true', 'no-new-privileges:true'])(
    '%s sets no-new-privileges',
    (opt) => {
      expect(parseDockerRun(['docker', 'run', '--security-opt', opt, 'x']).noNewPrivileges).toBe(true);
    },
  );

  it('no-new-privileges:false does not', () => {
    expect(parse('docker run --security-opt no-new-privileges:false x').noNewPrivileges).toBe(false);
  });

  it('--privileged=false is harmless', () => {
    expect(parse('docker run --privileged=false x').passthrough).toEqual(['--privileged=false']);
  });
});

describe('parseDockerRun: refusals', () => {
  it.each([
    ['docker run --privileged nginx', /--privileged: it disables seccomp/],
    ['docker run --security-opt seccomp=unconfined nginx', /seccompose sets the seccomp profile/],
    ['docker run --security-opt=seccomp:/p.json nginx', /seccompose sets the seccomp profile/],
    ['docker run -a stdout nginx', /--attach/],
    ['docker run --restart always nginx', /--restart always/],
    ['docker run --bogus nginx', /unknown docker run option --bogus/],
    ['docker run -Z nginx', /unknown docker run option -Z/],
    ['docker run -p', /-p needs a value/],
    ['docker run -it', /has no image/],
    ['docker ps', /expected `docker run/],
    ['podman run nginx', /expected `docker run/],
  ])('%s', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });

  it('points --security-opt seccomp users at --baseline', () => {
    try {
      parse('docker run --security-opt seccomp=p.json nginx');
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).hint).toMatch(/--baseline FILE/);
    }
  });
});

describe('composeRunArgs', () => {
  it('runs detached, named, labelled, with the backend options before the user options', () => {
    const spec = parse('docker run --rm -p 127.0.0.1::80 seccompose/nginx:1 nginx -g daemon');
    expect(composeRunArgs(spec, 'seccompose-rec-1', ['--security-opt', 'seccomp=/tmp/p.json'])).toEqual([
      'run',
      '--detach',
      '--name',
      'seccompose-rec-1',
      '--label',
      `${RECORDING_LABEL}=1`,
      '--label',
      `${OWNER_LABEL}=${ownTag()}`,
      '--security-opt',
      'seccomp=/tmp/p.json',
      '--publish',
      '127.0.0.1::80',
      'seccompose/nginx:1',
      'nginx',
      '-g',
      'daemon',
    ]);
  });

  it("keeps the user's --name instead of adding one", () => {
    const args = composeRunArgs(parse('docker run --name web nginx'), 'seccompose-rec-1', []);
    expect(args.filter((a) => a === '--name')).toHaveLength(1);
    expect(args).toContain('web');
  });

  it('generates distinct names', () => {
    expect(recordingName()).toMatch(/^seccompose-rec-[0-9a-f]{8}$/);
    expect(recordingName()).not.toBe(recordingName());
  });
});
