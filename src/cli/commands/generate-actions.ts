import type { SeccompAction } from '../../model/profile.js';

/** `--default-action` values and the seccomp action each stands for. */
export const DEFAULT_ACTIONS: Readonly<Record<string, SeccompAction>> = {
  errno: 'SCMP_ACT_ERRNO',
  kill: 'SCMP_ACT_KILL',
  'kill-thread': 'SCMP_ACT_KILL_THREAD',
  'kill-process': 'SCMP_ACT_KILL_PROCESS',
  trap: 'SCMP_ACT_TRAP',
  log: 'SCMP_ACT_LOG',
};
