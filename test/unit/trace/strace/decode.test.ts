import { describe, expect, it } from 'vitest';
import { bindPort, firstArgs } from '../../../../src/trace/strace/args.js';
import { parseSummaryRow } from '../../../../src/trace/strace/summary.js';
import {
  ADDRESS_FAMILIES,
  CLONE_FLAGS,
  decodeSymbolic,
  PRCTL_OPTIONS,
  SOCKET_PROTOCOLS,
} from '../../../../src/trace/strace/symbols.js';

describe('strace symbolic values', () => {
  it.each([
    [
      'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID',
      CLONE_FLAGS,
      0x3d0f00,
    ],
    ['CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD', CLONE_FLAGS, 0x1200011],
    ['CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_IO', CLONE_FLAGS, 0xfc020000],
    ['0x1200000 /* CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID */|17 /* SIGCHLD */', CLONE_FLAGS, 0x1200011],
    ['AF_INET6', ADDRESS_FAMILIES, 10],
    ['AF_VSOCK', ADDRESS_FAMILIES, 40],
    ['htons(ETH_P_ALL)', SOCKET_PROTOCOLS, 0x300],
    ['PR_CAPBSET_DROP', PRCTL_OPTIONS, 24],
  ])('%s', (text, table, value) => {
    expect(decodeSymbolic(text, table)).toBe(value);
  });

  it('gives up on symbols it does not know rather than guessing', () => {
    expect(decodeSymbolic('CLONE_VM|CLONE_SOMETHING_NEW', CLONE_FLAGS)).toBeUndefined();
  });

  it('splits top-level arguments, not those inside structs and strings', () => {
    expect(firstArgs('3, {sa_family=AF_INET, sin_port=htons(80)}, 16) = 0', 3)).toEqual([
      '3',
      '{sa_family=AF_INET, sin_port=htons(80)}',
      '16',
    ]);
    expect(firstArgs('PR_SET_NAME, "a, b)") = 0', 2)).toEqual(['PR_SET_NAME', '"a, b)"']);
  });

  it.each([
    ['{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")}', 80],
    ['{sa_family=0x2, sin_port="\\x49\\x4e", sin_addr="\\x7f\\x00\\x00\\x01"}', 18766],
    ['{sa_family=AF_UNIX, sun_path="/run/x.sock"}', undefined],
  ])('bind port of %s', (args, port) => {
    expect(bindPort(args)).toBe(port);
  });

  it.each([
    [' 56.14    0.002344          97        24        12 wait4', { name: 'wait4', calls: 24, errors: 12 }],
    ['  3.81    0.000159           0       178           close', { name: 'close', calls: 178, errors: 0 }],
    ['100.00    0.004175           3      1323       273 total', { name: 'total', calls: 1323, errors: 273 }],
    ['------ ----------- ----------- --------- --------- ----------------', undefined],
  ])('strace -c row %s', (line, row) => {
    expect(parseSummaryRow(line)).toEqual(row);
  });
});
