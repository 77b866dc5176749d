import type { SeccompArch } from '../../model/profile.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ABI_USERS, defaultFamilyOf, isArch } from '../arches.js';
import type { Located } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

const BAD_ARCH =
  'the bad-arch action (libseccomp default SCMP_ACT_KILL, which runc keeps): they are killed at their first syscall';

/** No architectures at all, or an ABI family listed without its 32-bit/x32 companions (or the reverse). */
export const architectures: LintRule = {
  meta: ruleMeta('architectures'),
  check({ view, options }) {
    const listed = view.architectures ?? [];
    const entries = view.archMap ?? [];
    if (listed.length === 0 && entries.length === 0) return [missing(options.arch)];
    const reports = listed.length > 0 ? checkFamily(listed, '/architectures', options.arch) : [];
    for (const entry of entries) {
      const head = entry.architecture;
      if (head === undefined) continue;
      reports.push(
        ...checkFamily(
          [head, ...entry.subArchitectures],
          `${entry.pointer}/subArchitectures`,
          head.value as SeccompArch,
        ),
      );
    }
    return reports;
  },
};

function missing(arch: SeccompArch | undefined): Report {
  const host = arch ?? 'SCMP_ARCH_X86_64';
  const others = defaultFamilyOf(host).slice(1);
  const who = others.map((a) => ABI_USERS[a] ?? a).join(' and ');
  const consequence =
    others.length === 0 ? '' : ` On an ${host.replace('SCMP_ARCH_', '').toLowerCase()} host, ${who} hit ${BAD_ARCH}.`;
  return {
    severity: 'warning',
    message: `no "architectures" or "archMap": the filter covers only the host's native ABI (runc adds it).${consequence}`,
    pointer: '',
    hint: 'copy Docker\'s archMap, or list e.g. "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]; leaving them out to forbid 32-bit binaries is a valid choice — then say so in a comment',
  };
}

function checkFamily(list: Located[], pointer: string, daemonArch: SeccompArch | undefined): Report[] {
  const reports: Report[] = [];
  const names = list.map((l) => l.value);
  list.forEach((item, i) => {
    if (names.indexOf(item.value) !== i)
      reports.push({
        severity: 'warning',
        message: `${item.value} is listed twice`,
        pointer: item.pointer,
        hint: 'delete the second copy',
      });
  });
  const heads = names.filter(isArch).filter((a) => defaultFamilyOf(a).length > 1);
  for (const head of daemonArch && !heads.includes(daemonArch) ? [...heads, daemonArch] : heads) {
    for (const sub of defaultFamilyOf(head).slice(1)) {
      if (names.includes(sub)) continue;
      reports.push({
        severity: 'warning',
        message: `${head} without ${sub}: ${ABI_USERS[sub] ?? `${sub} binaries`} hit ${BAD_ARCH}`,
        pointer,
        hint: `add ${sub} if such binaries must run; to forbid them on purpose, keep it out and note why in a comment`,
      });
    }
  }
  return reports;
}
