import type { Cause, ComposeVerifyReport, ServiceVerdict } from '../../verify/verify-compose.js';

/** The text report of `verify -f`: the project verdict, then each service's checks and what it lacked. */
export function renderComposeVerify(report: ComposeVerifyReport): string {
  const lines = [`verify compose project: ${report.verdict.toUpperCase()}`];
  if (report.exercise) lines.push(`  [${report.exercise.ok ? 'ok' : 'FAIL'}]   exercise  ${report.exercise.detail}`);
  for (const service of report.services) lines.push(...serviceLines(service));
  if (report.notes.length > 0) lines.push('', 'Notes:', ...report.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

const CAUSES: Record<Cause, string> = {
  seccomp: 'seccomp (its profile denies calls it needs)',
  'read-only-filesystem': 'a read-only filesystem (not seccomp)',
  capabilities: 'missing capabilities (not seccomp)',
  'not-seccomp': 'not seccomp (it fails under its complain profile too; see its log)',
};

function serviceLines(s: ServiceVerdict): string[] {
  const replicas = s.containers.length > 1 ? `; ${s.containers.length} replicas` : '';
  const lines = [
    '',
    `service ${s.service}: ${s.verdict.toUpperCase()}  (${s.profile}; cap_drop ALL, cap_add ${s.capAdd.length ? s.capAdd.join(', ') : 'none'}${replicas})`,
  ];
  for (const check of s.checks)
    lines.push(`  [${check.ok ? 'ok' : 'FAIL'}]   ${check.name.padEnd(13)} ${check.detail}`);
  if (s.causes.length > 0) lines.push(`  cause: ${s.causes.map((c) => CAUSES[c]).join('; ')}`);
  const c = s.complaint;
  if (c) {
    const calls = c.denied.map((d) => `${d.syscall} (${d.action}, ${d.count} calls by ${d.processes.join(', ')})`);
    if (c.failedToo.length > 0)
      lines.push(
        `  complain run: it failed under its complain profile too (${c.failedToo.map((f) => f.name).join(', ')}), where no call is denied`,
        ...(calls.length > 0
          ? [`  seccomp: its profile would also deny ${calls.join(', ')} (on the way it failed)`]
          : []),
      );
    else
      lines.push(
        calls.length > 0
          ? `  seccomp: its profile denies ${calls.join(', ')} (under its complain profile it ran)`
          : '  seccomp: under its complain profile its profile denied nothing',
      );
    if (c.missingCapabilities.length > 0)
      lines.push(`  capabilities: the kernel refused ${c.missingCapabilities.join(', ')} (not in its cap_add)`);
  }
  if (s.readOnlyFailure) lines.push(`  filesystem: read-only filesystem: ${s.readOnlyFailure}`);
  for (const note of c?.notes ?? []) lines.push(`  note: ${note}`);
  if (s.verdict === 'fail' && s.logTail.length > 0)
    lines.push('  last log lines:', ...s.logTail.map((l) => `    ${l}`));
  return lines;
}

/** The JSON form: per service verdict, checks, the complain run's denied syscalls and refused capabilities. */
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
          containers: s.containers,
          checks: s.checks,
          complainRun: s.complaint !== undefined,
          denied: s.complaint?.denied ?? [],
          capabilities: { failed: s.complaint?.missingCapabilities ?? [] },
          failedUnderComplain: s.complaint?.failedToo ?? [],
          readOnlyFailure: s.readOnlyFailure ?? null,
          causes: s.causes,
          notes: s.complaint?.notes ?? [],
          logTail: s.logTail,
        },
      ]),
    ),
    notes: report.notes,
  };
}
