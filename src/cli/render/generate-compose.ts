import type { ComposeGenerated } from '../commands/generate-compose.js';

/** The stderr summary of `generate -f`: per service, its profile, capabilities and hardening. */
export function renderComposeGenerated(generated: ComposeGenerated): string {
  const lines = [`seccompose: wrote ${generated.target} for ${generated.services.length} service(s):`];
  for (const { service, profile, result, entries } of generated.services) {
    const allowed = result.profile.syscalls.reduce((n, r) => n + r.names.length, 0);
    const keys = entries.map((e) => e.key).filter((k) => k !== 'security_opt' && k !== 'cap_drop');
    lines.push(
      `  ${service}: ${profile} (${allowed} syscalls), cap_drop ALL, cap_add ${result.capAdd.length ? result.capAdd.join(', ') : 'none'}${keys.length ? `; ${keys.join(', ')}` : ''}`,
    );
    for (const warning of result.startupWarnings) lines.push(`    warning: ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}
