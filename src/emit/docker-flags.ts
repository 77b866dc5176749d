import { bareCapabilities } from './capability-names.js';
import { shellQuote } from './shell-quote.js';

/** The `docker run` flags that apply a profile and a capability set, as an argument array. */
export function dockerRunFlags(profilePath: string, capAdd: readonly string[]): string[] {
  const flags = [
    '--security-opt',
    `seccomp=${profilePath}`,
    '--security-opt',
    'no-new-privileges',
    '--cap-drop',
    'ALL',
  ];
  for (const cap of bareCapabilities(capAdd)) flags.push('--cap-add', cap);
  return flags;
}

/** The flags as one copyable line. */
export function renderDockerFlags(flags: readonly string[]): string {
  return `${flags.map(shellQuote).join(' ')}\n`;
}
