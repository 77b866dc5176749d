import type { GenerateResult } from '../generate/generate.js';
import type { SeccompProfile } from '../model/profile.js';

/** What an input says a container runs with: a seccomp profile and, when the input carries it, a capability set. */
export interface Sandbox {
  /** How messages, diffs and report tabs name it: the path, `docker-default`, `FILE service web`, … */
  label: string;
  kind: 'profile' | 'observation' | 'compose';
  profile: SeccompProfile;
  /** The profile file on disk (provenance lookups); undefined for shipped profiles, stdin and observations. */
  profilePath: string | undefined;
  /** The container's effective capabilities (CAP_*, sorted) when the input says; undefined for a bare profile. */
  caps: string[] | undefined;
  /** The compose service and the file that defines it, for compose files and overrides. */
  service?: string;
  composeFile?: string;
  /** For observations: the profile generate would build from it, with the evidence per syscall. */
  generated?: GenerateResult;
}
