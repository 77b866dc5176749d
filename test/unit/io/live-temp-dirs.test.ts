import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDirsNow, trackTempDir, untrackTempDir } from '../../../src/io/live-temp-dirs.js';

describe('the temp dirs a second Ctrl-C removes synchronously', () => {
  it('removes every tracked dir with its contents, and only those', () => {
    const tracked = mkdtempSync(join(tmpdir(), 'seccompose-live-test-'));
    mkdirSync(join(tracked, 'bundle'));
    writeFileSync(join(tracked, 'bundle', 'config.json'), '{}');
    const released = mkdtempSync(join(tmpdir(), 'seccompose-live-test-'));
    trackTempDir(tracked);
    trackTempDir(released);
    untrackTempDir(released);
    try {
      expect(removeTempDirsNow()).toEqual([]);
      expect(existsSync(tracked)).toBe(false);
      expect(existsSync(released)).toBe(true);
      expect(removeTempDirsNow()).toEqual([]);
    } finally {
      rmSync(tracked, { recursive: true, force: true });
      rmSync(released, { recursive: true, force: true });
    }
  });

  it('never removes a dir that something is mounted under, and says what to do', () => {
    // /proc is a mount point of every Linux mount namespace: a tracked "/proc" must be refused.
    trackTempDir('/proc');
    try {
      expect(removeTempDirsNow()).toEqual([
        'temporary directory /proc (something is mounted under it: umount -R /proc, then remove it)',
      ]);
      expect(existsSync('/proc/self')).toBe(true);
    } finally {
      untrackTempDir('/proc');
    }
  });
});
