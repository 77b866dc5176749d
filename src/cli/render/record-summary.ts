import type { Observation } from '../../model/observation.js';

function workloadText(observation: Observation): string {
  const w = observation.workload;
  if (w.kind === 'container' && w.attached) return `running container ${w.attached.container} (${w.image}), attached`;
  if (w.kind === 'container') return `container ${w.image}${w.command.length ? ` ${w.command.join(' ')}` : ''}`;
  if (w.kind === 'command') return w.command.join(' ');
  return `${w.files.length} trace file(s)`;
}

function exitText(observation: Observation): string {
  const { code, signal } = observation.exit;
  if (signal) return `killed by ${signal}`;
  const w = observation.workload;
  if (code === null && w.kind === 'container' && w.attached) return 'left running';
  return code === null ? 'exit unknown' : `exit ${code}`;
}

/** Totals over every ABI: calls, distinct names, and the ABIs seen. */
export function countSyscalls(observation: Observation): { calls: number; distinct: number; arches: string[] } {
  let calls = 0;
  const names = new Set<string>();
  const arches = Object.keys(observation.syscalls).sort();
  for (const arch of arches) {
    for (const [name, use] of Object.entries(observation.syscalls[arch as keyof Observation['syscalls']] ?? {})) {
      calls += use.count;
      names.add(name);
    }
  }
  return { calls, distinct: names.size, arches };
}

const SAMPLE_WIDTH = 120;

/** Input lines that were not trace output (first samples with line numbers) and unnamed syscall numbers. */
function diagnosticLines(observation: Observation): string[] {
  const { unparsedLines, unparsedSamples, unknownSyscalls } = observation.diagnostics;
  const lines: string[] = [];
  if (unparsedLines > 0) {
    const shown = unparsedSamples.length < unparsedLines ? `, first ${unparsedSamples.length}` : '';
    lines.push(`  lines that are not trace output (left out): ${unparsedLines}${shown}:`);
    for (const { line, text } of unparsedSamples)
      lines.push(`    line ${line}: ${text.length > SAMPLE_WIDTH ? `${text.slice(0, SAMPLE_WIDTH)}…` : text}`);
  }
  if (unknownSyscalls.length > 0)
    lines.push(
      `  syscall numbers without a name (left out: no table names them, or strace printed them undecoded): ${unknownSyscalls.join(', ')}`,
    );
  return lines;
}

/** The short summary `record` prints on stderr once the observation is written. */
export function renderRecordSummary(observation: Observation, output: string): string {
  const { calls, distinct, arches } = countSyscalls(observation);
  const caps = Object.entries(observation.capabilities)
    .filter(([, use]) => use.granted > 0 || use.source === 'inferred')
    .map(([name, use]) => `${name}${use.source === 'inferred' ? ' (inferred)' : ''}`)
    .sort();
  const lines = [
    `seccompose: recorded ${workloadText(observation)} with ${observation.backend.name} ${observation.backend.version}: ` +
      `${calls} syscalls, ${distinct} distinct (${arches.map((a) => a.replace(/^SCMP_ARCH_/, '').toLowerCase()).join(', ') || 'none'}), ` +
      `${exitText(observation)}, ${(observation.durationMs / 1000).toFixed(1)}s`,
    `  capabilities used: ${caps.length ? caps.join(', ') : 'none'}`,
  ];
  if (observation.runtime) {
    const n = new Set(Object.values(observation.runtime.syscalls).flat()).size;
    lines.push(`  runtime syscalls (kept apart): ${n} from ${observation.runtime.source}`);
  }
  const lost = observation.diagnostics.lostEvents;
  if (lost > 0) lines.push(`  lost events: ${lost}`);
  const none = observation.diagnostics.noSyscallEvents ?? 0;
  if (none > 0)
    lines.push(
      `  note: ${none} sys_enter event(s) with syscall number -1, the kernel's "no syscall" (a call skipped by a tracer, or syscall(-1)): nothing to allow`,
    );
  lines.push(...diagnosticLines(observation));
  for (const note of observation.backend.notes) lines.push(`  note: ${note}`);
  lines.push(
    observation.complete
      ? `  complete; written to ${output === '-' ? 'stdout' : output}`
      : `  PARTIAL (generate needs --allow-partial); written to ${output === '-' ? 'stdout' : output}:\n${observation.incompleteReasons.map((r) => `    - ${r}`).join('\n')}`,
  );
  return `${lines.join('\n')}\n`;
}
