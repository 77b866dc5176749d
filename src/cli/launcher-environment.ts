/** What bin/seccompose moved aside so that Node starts without reading a CA bundle (see there). */
export const SAVED_EXTRA_CA_CERTS = 'SECCOMPOSE_NODE_EXTRA_CA_CERTS';

/**
 * Put NODE_EXTRA_CA_CERTS back as the launcher found it, before the CLI starts any process: the
 * workloads, docker, compose and worker threads inherit the environment the user gave.
 */
export function restoreLauncherEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const saved = env[SAVED_EXTRA_CA_CERTS];
  if (saved === undefined) return;
  env.NODE_EXTRA_CA_CERTS = saved;
  delete env[SAVED_EXTRA_CA_CERTS];
}
