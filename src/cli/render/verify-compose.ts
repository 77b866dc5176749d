import type { ComposeVerifyReport, ServiceVerdict } from '../../verify/verify-compose.js';

/** The text report of `verify -f`: the project verdict, then each service's checks and what it lacked. */
export function renderComposeVerify(report: ComposeVerifyReport): string {
  const lines = [`verify compose project: ${report.verdict.toUpperCase()}`];
  if (report.exercise) lines.push(`  [${report.exercise.ok ? 'ok' : 'FAIL'}]   exercise  ${report.exercise.detail}`);
  for (const service of report.services) lines.push(...serviceLines(service));
  if (report.notes.length > 0) lines.push('', 'Notes:', ...report.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

function serviceLines(s: ServiceVerdict): string[] {
  const lines = [
    '',
    `service ${s.service}: ${s.verdict.toUpperCase()}  (${s.profile}; cap_drop ALL, cap_add ${s.capAdd.length ? s.capAdd.join(', ') : 'none'})`,
  ];
  for (const check of s.checks)
    lines.push(`  [${check.ok ? 'ok' : 'FAIL'}]   ${check.name.padEnd(13)} ${check.detail}`);
  const e = s.explanation;
  if (e && e.denied.length > 0)
    lines.push(
      `  seccomp: its profile denies ${e.denied.map((d) => `${d.syscall} (${d.action}, ${d.count} calls)`).join(', ')}`,
    );
  if (e && e.missingCapabilities.length > 0)
    lines.push(`  capabilities: the kernel refused ${e.missingCapabilities.join(', ')} (not in its cap_add)`);
  if (s.readOnlyFailure) lines.push(`  filesystem: read-only filesystem (not seccomp): ${s.readOnlyFailure}`);
  for (const note of e?.notes ?? []) lines.push(`  note: ${note}`);
  if (s.verdict === 'fail' && s.logTail.length > 0)
    lines.push('  last log lines:', ...s.logTail.map((l) => `    ${l}`));
  return lines;
}

/** The JSON form: per service verdict, checks, denied syscalls and refused capabilities. */
export function composeVerifyJson(report: ComposeVerifyReport): Record<string, unknown> {
  return {
    verdict: report.verdict,
    exercise: report.exercise ?? null,
    services: Object.fromEntries(
      report.services.map((s) => [
        s.service,
        {
          verdict: s.verdict,
          profile: s.profile,
          capAdd: s.capAdd,
          checks: s.checks,
          denied: s.explanation?.denied ?? [],
          capabilities: { failed: s.explanation?.missingCapabilities ?? [] },
          readOnlyFailure: s.readOnlyFailure ?? null,
          logTail: s.logTail,
        },
      ]),
    ),
    notes: report.notes,
  };
}
