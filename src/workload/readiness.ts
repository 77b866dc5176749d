import { createConnection } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ContainerEngine, ContainerState } from '../engine/docker.js';

/** How a container came to be considered ready, or why it never was. */
export type Readiness =
  | { kind: 'healthy' | 'ports' | 'running'; detail: string; state: ContainerState }
  | { kind: 'exited'; detail: string; state: ContainerState }
  | { kind: 'never-ready'; detail: string; state: ContainerState };

/** Answers whether something accepts TCP connections at host:port. */
export type TcpProbe = (host: string, port: number) => Promise<boolean>;

export interface ReadinessOptions {
  timeoutMs: number;
  signal: AbortSignal;
  pollMs?: number;
  connect?: TcpProbe;
}

interface Target {
  host: string;
  port: number;
  label: string;
}

/**
 * Wait until the container is ready: healthy when it has a healthcheck; else every published
 * TCP port (or, with none published, every exposed TCP port) accepts connections on the
 * container's own address; else simply running. Ends early when the container exits.
 */
export async function waitForReady(engine: ContainerEngine, id: string, options: ReadinessOptions): Promise<Readiness> {
  const connect = options.connect ?? connectTcp;
  const deadline = Date.now() + options.timeoutMs;
  let pending = 'it did not start';
  for (;;) {
    const state = await engine.inspect(id);
    if (!state.running) return { kind: 'exited', detail: `exited with code ${state.exitCode}`, state };
    const verdict = await checkOnce(state, connect);
    if (verdict.ready) return { kind: verdict.kind, detail: verdict.detail, state };
    pending = verdict.detail;
    if (Date.now() >= deadline) {
      return { kind: 'never-ready', detail: `${pending} within ${Math.round(options.timeoutMs / 1000)}s`, state };
    }
    await delay(options.pollMs ?? 200, undefined, { signal: options.signal });
  }
}

type Verdict =
  | { ready: true; kind: 'healthy' | 'ports' | 'running'; detail: string }
  | { ready: false; detail: string };

async function checkOnce(state: ContainerState, connect: TcpProbe): Promise<Verdict> {
  if (state.health !== 'none') {
    return state.health === 'healthy'
      ? { ready: true, kind: 'healthy', detail: 'healthcheck passed' }
      : { ready: false, detail: `its healthcheck did not pass (status ${state.health})` };
  }
  const targets = readinessTargets(state);
  if (targets.length === 0)
    return { ready: true, kind: 'running', detail: 'running (no healthcheck, no TCP port to probe)' };
  for (const target of targets) {
    if (!(await connect(target.host, target.port)))
      return { ready: false, detail: `port ${target.label} did not answer` };
  }
  return { ready: true, kind: 'ports', detail: `port ${targets.map((t) => t.label).join(', ')} answered` };
}

/**
 * Where to knock. The container's own address is used when it has one, because the host side of
 * a published port is docker-proxy, which accepts connections even when nothing listens inside.
 */
export function readinessTargets(state: ContainerState): Target[] {
  const tcpPublished = state.published.filter((p) => p.protocol === 'tcp');
  if (tcpPublished.length > 0) {
    const seen = new Map<number, Target>();
    for (const p of tcpPublished) {
      if (seen.has(p.containerPort)) continue;
      const host = state.ip ?? (p.hostIp === '0.0.0.0' || p.hostIp === '' ? '127.0.0.1' : p.hostIp);
      const port = state.ip ? p.containerPort : p.hostPort;
      seen.set(p.containerPort, { host, port, label: `${p.containerPort}/tcp (${host}:${port})` });
    }
    return [...seen.values()];
  }
  if (!state.ip) return [];
  return state.exposed
    .filter((e) => e.protocol === 'tcp')
    .map((e) => ({ host: state.ip!, port: e.port, label: `${e.port}/tcp (${state.ip}:${e.port})` }));
}

/** Try one TCP connection with a short timeout. */
export function connectTcp(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
