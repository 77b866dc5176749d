import { bareCapabilities } from '../emit/capability-names.js';
import type { DockerRunSpec } from '../engine/run-args.js';

/** Where the canary is mounted inside the container (read-only, one file). */
export const CANARY_PATH = '/.seccompose-canary';

const CAP_FLAGS = new Set(['--cap-add', '--cap-drop']);

/**
 * The `docker run` options of an enforce (or complain) run: the profile, no-new-privileges, every
 * capability dropped and `capAdd` added back, and the canary bind-mounted when there is one.
 */
export function sandboxArgs(seccomp: string, capAdd: readonly string[], canaryHostPath?: string): string[] {
  return [
    '--security-opt',
    `seccomp=${seccomp}`,
    '--security-opt',
    'no-new-privileges',
    '--cap-drop',
    'ALL',
    ...bareCapabilities(capAdd).flatMap((cap) => ['--cap-add', cap]),
    ...(canaryHostPath ? ['--volume', `${canaryHostPath}:${CANARY_PATH}:ro`] : []),
  ];
}

/**
 * The user's docker run without its own --cap-add/--cap-drop (verify sets the capability set
 * itself); says what it removed so the report can mention it.
 */
export function withoutCapFlags(spec: DockerRunSpec): { spec: DockerRunSpec; removed: string[] } {
  const passthrough: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i < spec.passthrough.length; i++) {
    const token = spec.passthrough[i]!;
    if (CAP_FLAGS.has(token)) {
      removed.push(`${token} ${spec.passthrough[i + 1] ?? ''}`.trim());
      i += 1;
      continue;
    }
    passthrough.push(token);
  }
  return { spec: { ...spec, passthrough }, removed };
}
