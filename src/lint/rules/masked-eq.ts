import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import type { ArgView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** MASKED_EQ that can never match or matches everything, implicit valueTwo, and valueTwo where it is ignored. */
export const maskedEq: LintRule = {
  meta: ruleMeta('masked-eq'),
  check({ view }) {
    return view.syscalls.flatMap((rule) => rule.args.flatMap((arg) => checkArg(arg)));
  },
};

function checkArg(arg: ArgView): Report[] {
  if (arg.value === undefined) return [];
  if (arg.op !== 'SCMP_CMP_MASKED_EQ') {
    if (arg.valueTwo === undefined || arg.valueTwo === 0n) return [];
    return [
      {
        severity: 'warning',
        message: `valueTwo ${hex(arg.valueTwo)} is ignored with ${arg.op ?? 'this operator'}; only SCMP_CMP_MASKED_EQ reads it`,
        pointer: `${arg.pointer}/valueTwo`,
        hint: 'delete valueTwo, or use SCMP_CMP_MASKED_EQ if a bit test was meant',
      },
    ];
  }
  const mask = arg.value;
  const wanted = arg.valueTwo ?? 0n;
  if ((wanted & ~mask) !== 0n) {
    return [
      {
        severity: 'error',
        message: `can never match: (arg & ${hex(mask)}) can never equal ${hex(wanted)}, whose bits ${hex(wanted & ~mask)} lie outside the mask`,
        pointer: `${arg.pointer}/valueTwo`,
        hint: 'value is the mask and valueTwo the wanted bits; they may be swapped',
      },
    ];
  }
  if (mask === 0n) {
    return [
      {
        severity: 'warning',
        message: 'mask 0 with valueTwo 0 matches every value: this comparison filters nothing',
        pointer: `${arg.pointer}/value`,
        hint: 'set value to the bits to test',
      },
    ];
  }
  if (arg.valueTwo === undefined) {
    return [
      {
        severity: 'info',
        message: `valueTwo omitted: it is 0, so this matches when none of the bits ${hex(mask)} are set`,
        pointer: arg.pointer,
        hint: 'write "valueTwo": 0 to make the intent explicit',
      },
    ];
  }
  return [];
}
