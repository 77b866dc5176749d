import { describe, expect, it } from 'vitest';
import { SAVED_EXTRA_CA_CERTS, restoreLauncherEnvironment } from '../../../src/cli/launcher-environment.js';

describe('restoreLauncherEnvironment', () => {
  it('puts back the value bin/seccompose moved aside, and removes the carrier', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/bin', [SAVED_EXTRA_CA_CERTS]: '/etc/corp ca.pem' };
    restoreLauncherEnvironment(env);
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp ca.pem' });
  });

  it('keeps a variable that was set but empty', () => {
    const env: NodeJS.ProcessEnv = { [SAVED_EXTRA_CA_CERTS]: '' };
    restoreLauncherEnvironment(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '' });
  });

  it('changes nothing when the launcher saved nothing (Node run on dist/main.js directly)', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/a.pem' };
    restoreLauncherEnvironment(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/a.pem' });
    const none: NodeJS.ProcessEnv = {};
    restoreLauncherEnvironment(none);
    expect(none).toEqual({});
  });
});
