import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import type { Runner } from '../../../src/exec/run.js';
import { bundleConfig, freshMounts, HOST_CANARY_PATH } from '../../../src/verify/host-bundle.js';
import { findHostRuntime, mountsUnder } from '../../../src/verify/host-runtime.js';

/** The parts of the OCI config these tests read. */
interface BundleConfig {
  process: unknown;
  root: unknown;
  hostname: string;
  linux: { seccomp?: unknown; namespaces: { type: string }[] };
}

const answering = (installed: string[]): Runner => ({
  async run(file) {
    if (!installed.includes(file)) throw Object.assign(new Error(`${file} is not installed`), { code: 'ENOENT' });
    return {
      command: file,
      exitCode: 0,
      signal: undefined,
      stdout: `${file} version 1`,
      stderr: '',
      timedOut: false,
      cancelled: false,
      failed: false,
    };
  },
  spawn() {
    throw new Error('not used');
  },
});

describe('host runtime', () => {
  it('prefers runc, falls back to crun, and fails with exit 3 without either', async () => {
    const signal = new AbortController().signal;
    expect(await findHostRuntime(answering(['runc', 'crun']), signal)).toBe('runc');
    expect(await findHostRuntime(answering(['crun']), signal)).toBe('crun');
    await expect(findHostRuntime(answering([]), signal)).rejects.toMatchObject({
      exitCode: ExitCode.environment,
      message: expect.stringMatching(/runc or crun/),
    });
  });

  it('finds mounts left under a bundle directory (and not its siblings)', () => {
    const mountinfo = [
      '22 1 0:21 / / rw - overlay overlay rw',
      '90 22 0:50 / /tmp/seccompose-verify-host-x/rootfs/usr ro - ext4 /dev/sda1 ro',
      '91 22 0:51 / /tmp/seccompose-verify-host-xy rw - tmpfs tmpfs rw',
    ].join('\n');
    expect(mountsUnder(mountinfo, '/tmp/seccompose-verify-host-x')).toEqual([
      '/tmp/seccompose-verify-host-x/rootfs/usr',
    ]);
  });
});

describe('host bundle config', () => {
  it('mounts the canary under /dev before the tmpfs /tmp hides the host /tmp', () => {
    const mounts = freshMounts('/tmp/dir/canary');
    const order = mounts.map((m) => m.destination);
    expect(order.indexOf(HOST_CANARY_PATH)).toBeLessThan(order.indexOf('/tmp'));
    expect(order.indexOf('/dev')).toBeLessThan(order.indexOf(HOST_CANARY_PATH));
    expect(freshMounts(undefined).some((m) => m.destination === HOST_CANARY_PATH)).toBe(false);
  });

  it('runs as root with the given caps, no-new-privileges, a read-only root and the seccomp object', () => {
    const config = bundleConfig({ args: ['ls'], cwd: '/work', env: ['PATH=/bin'], caps: ['CAP_CHOWN'] }, [], {
      defaultAction: 'SCMP_ACT_ERRNO',
    }) as unknown as BundleConfig;
    expect(config.process).toMatchObject({
      args: ['ls'],
      cwd: '/work',
      noNewPrivileges: true,
      capabilities: { bounding: ['CAP_CHOWN'], effective: ['CAP_CHOWN'] },
    });
    expect(config.root).toEqual({ path: 'rootfs', readonly: true });
    expect(config.linux.seccomp).toEqual({ defaultAction: 'SCMP_ACT_ERRNO' });
    expect(bundleConfig({ args: ['ls'], cwd: '/', env: [], caps: [] }, [], undefined)).not.toHaveProperty(
      'linux.seccomp',
    );
  });

  it('keeps the host PID namespace and hostname, so the command is not PID 1 and resolves its own hostname', () => {
    const config = bundleConfig(
      { args: ['ls'], cwd: '/', env: [], caps: [] },
      [],
      undefined,
    ) as unknown as BundleConfig;
    expect(config.linux.namespaces.map((n: { type: string }) => n.type).sort()).toEqual(['ipc', 'mount', 'uts']);
    expect(config.hostname).toBe(hostname());
  });
});
