import { widened, type CrossAbiRow } from './cross-abi-row.js';

const UID32 = [
  'fchown32',
  'getuid32',
  'geteuid32',
  'getgid32',
  'getegid32',
  'setuid32',
  'setgid32',
  'setreuid32',
  'setregid32',
  'setresuid32',
  'setresgid32',
  'getresuid32',
  'getresgid32',
  'getgroups32',
  'setgroups32',
  'setfsuid32',
  'setfsgid32',
];

const TIME64: ReadonlyArray<readonly [string, string]> = [
  ['clock_adjtime64', 'clock_adjtime'],
  ['clock_getres_time64', 'clock_getres'],
  ['clock_gettime64', 'clock_gettime'],
  ['clock_nanosleep_time64', 'clock_nanosleep'],
  ['clock_settime64', 'clock_settime'],
  ['futex_time64', 'futex'],
  ['io_pgetevents_time64', 'io_pgetevents'],
  ['mq_timedreceive_time64', 'mq_timedreceive'],
  ['mq_timedsend_time64', 'mq_timedsend'],
  ['recvmmsg_time64', 'recvmmsg'],
  ['rt_sigtimedwait_time64', 'rt_sigtimedwait'],
  ['sched_rr_get_interval_time64', 'sched_rr_get_interval'],
  ['semtimedop_time64', 'semtimedop'],
  ['timer_gettime64', 'timer_gettime'],
  ['timer_settime64', 'timer_settime'],
  ['timerfd_gettime64', 'timerfd_gettime'],
  ['timerfd_settime64', 'timerfd_settime'],
  ['utimensat_time64', 'utimensat'],
];

const WIDE_OFFSETS: ReadonlyArray<readonly [string, string]> = [
  ['_llseek', 'lseek'],
  ['mmap2', 'mmap'],
  ['fcntl64', 'fcntl'],
  ['truncate64', 'truncate'],
  ['ftruncate64', 'ftruncate'],
  ['statfs64', 'statfs'],
  ['fstatfs64', 'fstatfs'],
  ['sendfile64', 'sendfile'],
];

const OLD_SIGNALS: ReadonlyArray<readonly [string, string]> = [
  ['sigaction', 'rt_sigaction'],
  ['signal', 'rt_sigaction'],
  ['sigprocmask', 'rt_sigprocmask'],
  ['sgetmask', 'rt_sigprocmask'],
  ['ssetmask', 'rt_sigprocmask'],
  ['sigpending', 'rt_sigpending'],
  ['sigsuspend', 'rt_sigsuspend'],
  ['sigreturn', 'rt_sigreturn'],
];

/** 32-bit ABIs' wide and time64 variants and pre-rt signal calls, each the plain call on 64-bit ABIs. */
export const WIDENED_ROWS: readonly CrossAbiRow[] = [
  ...WIDE_OFFSETS.map(([from, to]) =>
    widened(
      from,
      to,
      `32-bit ${from} is ${to} on 64-bit ABIs`,
      '32-bit large-offset calls are the plain calls on 64-bit ABIs',
    ),
  ),
  ...TIME64.map(([from, to]) =>
    widened(
      from,
      to,
      `32-bit time64 ${from} is ${to} on 64-bit ABIs`,
      '32-bit time64 calls are the plain calls on 64-bit ABIs',
    ),
  ),
  ...UID32.map((from) =>
    widened(
      from,
      from.replace(/32$/, ''),
      `32-bit uid ${from} is ${from.replace(/32$/, '')}`,
      '32-bit uid calls are the plain calls on 64-bit ABIs',
    ),
  ),
  ...OLD_SIGNALS.map(([from, to]) =>
    widened(
      from,
      to,
      `old ${from} is ${to} on ABIs without it`,
      'pre-rt signal calls are the rt_ calls where they are missing',
    ),
  ),
];
