import { withContext } from '../errors.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import type { ResolveContext } from '../profile/context.js';
import { loadProfile } from '../profile/load.js';
import { resolveProfile } from '../profile/resolve.js';
import { readSandboxesMerged } from '../sandbox/read.js';
import { buildReportTab, type ReportTab } from './model.js';

/**
 * Read the inputs (profiles, observations, compose files) and build one tab per sandbox. Each is
 * resolved for `host` with the sandbox's own capabilities when the input carries them (Docker's
 * 14 otherwise), and so is Docker's default it is charted against; `describeContext` words the host.
 */
export async function buildReport(
  refs: readonly string[],
  host: Omit<ResolveContext, 'caps'>,
  describeContext: (context: ResolveContext) => string,
): Promise<ReportTab[]> {
  const sandboxes = await readSandboxesMerged(refs, host.arch);
  const dockerDefault = (await loadProfile('docker-default')).profile;
  return sandboxes.map((sandbox) => {
    const context: ResolveContext = { ...host, caps: sandbox.caps ?? [...DOCKER_DEFAULT_CAPS] };
    try {
      const policy = resolveProfile(sandbox.profile, context);
      return buildReportTab(sandbox, policy, resolveProfile(dockerDefault, context), describeContext(context));
    } catch (error) {
      throw withContext(`resolve ${sandbox.label}`, error);
    }
  });
}
