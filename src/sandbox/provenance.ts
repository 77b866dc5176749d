import type { SeccompProfile } from '../model/profile.js';

const PREFIX = /^seccompose generate from \d+ observation\(s\): /;

/**
 * The observation files (base names) a generated profile names in its provenance comment
 * (`generate` writes it into the first rule's comment: "seccompose generate from N
 * observation(s): WORKLOAD [BACKEND] K runs: a.json, b.json; … | runtime set: …").
 * Empty when the profile carries no such comment.
 */
export function provenanceLabels(profile: SeccompProfile): string[] {
  const comment = profile.syscalls[0]?.comment;
  if (comment === undefined || !PREFIX.test(comment)) return [];
  const groups = comment.replace(PREFIX, '').split(' | ')[0]!.split('; ');
  const labels = groups.flatMap((group) => {
    const runs = /\] \d+ runs?(?:, \d+ partial)?: (.*)$/.exec(group);
    return runs === null ? [] : runs[1]!.split(', ');
  });
  return [...new Set(labels.map((l) => l.replace(/…$/, '')).filter((l) => l !== ''))];
}
