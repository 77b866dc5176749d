import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../../../src/engine/docker.js';
import { exerciseEnv } from '../../../src/workload/container.js';
import { exitOf } from '../../../src/record/container-observation.js';
import { readinessTargets } from '../../../src/workload/readiness.js';

const base: ContainerState = {
  id: 'abc',
  name: 'seccompose-rec-1',
  image: 'img',
  pid: 1,
  status: 'running',
  running: true,
  exitCode: 0,
  oomKilled: false,
  health: 'none',
  ip: '172.17.0.5',
  published: [],
  exposed: [],
  runtime: 'runc',
  startedAt: '',
  finishedAt: '',
};

describe('readinessTargets', () => {
  it('knocks on published TCP ports at the container address (docker-proxy answers on the host even when nothing listens)', () => {
    const state = {
      ...base,
      published: [
        { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 1053 },
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
        { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
      ],
    };
    expect(readinessTargets(state).map((t) => `${t.host}:${t.port}`)).toEqual(['172.17.0.5:80']);
  });

  it('uses the host port when the container has no address of its own', () => {
    const state = {
      ...base,
      ip: undefined,
      published: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
    };
    expect(readinessTargets(state).map((t) => `${t.host}:${t.port}`)).toEqual(['127.0.0.1:8080']);
  });

  it('falls back to exposed TCP ports when none is published', () => {
    const state = {
      ...base,
      exposed: [
        { port: 80, protocol: 'tcp' },
        { port: 53, protocol: 'udp' },
      ],
    };
    expect(readinessTargets(state).map((t) => `${t.host}:${t.port}`)).toEqual(['172.17.0.5:80']);
  });

  it('has nothing to knock on without ports (then running is ready)', () => {
    expect(readinessTargets(base)).toEqual([]);
  });
});

describe('exerciseEnv', () => {
  it('names the container and maps each published port to its host port', () => {
    const state = {
      ...base,
      published: [
        { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 1053 },
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 32769 },
      ],
    };
    expect(exerciseEnv(state)).toEqual({
      SECCOMPOSE_CONTAINER_ID: 'abc',
      SECCOMPOSE_CONTAINER_NAME: 'seccompose-rec-1',
      SECCOMPOSE_CONTAINER_IP: '172.17.0.5',
      SECCOMPOSE_PORT_53_UDP: '1053',
      SECCOMPOSE_PORT_80: '32769',
    });
  });
});

describe('exitOf', () => {
  it.each([
    [{ exitCode: 0 }, { code: 0, signal: null }],
    [{ exitCode: 3 }, { code: 3, signal: null }],
    [{ exitCode: 137 }, { code: null, signal: 'SIGKILL' }],
    [{ exitCode: 143 }, { code: null, signal: 'SIGTERM' }],
    [
      { exitCode: 137, oomKilled: true },
      { code: null, signal: 'SIGKILL' },
    ],
  ])('%o → %o', (state, exit) => {
    expect(exitOf({ ...base, ...state })).toEqual(exit);
  });
});
