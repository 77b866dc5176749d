/**
 * The strace flags `seccompose record` traces with, and why. The profile needs syscall names per
 * ABI, errors, a few argument values (clone flags, socket domain/type/protocol, personality, prctl
 * option, bind ports) and blocked attempts, and nothing else; every string or struct strace does
 * not decode is a read of the tracee's memory saved (measured in bench/record-strace.ts).
 */
export const STRACE_RECORD_FLAGS: readonly string[] = [
  // Follow every child process and thread (fork, vfork, clone, clone3).
  '-f',
  // Print the syscall number: on i386 it tells a socketcall(2)/ipc(2) subcall from the direct
  // syscall of the same name (strace prints both as e.g. `socket(...)`).
  '-n',
  // `-o FILE` implies -q, which hides "[ Process PID=N runs in 32 bit mode. ]" and the exit
  // lines; keep both (per-ABI sets, the workload's exit status), hide only attach messages.
  '-e',
  'quiet=attach',
  // Of all signals only SIGSYS matters (a filter in force trapped a call): print no others.
  '-e',
  'signal=SIGSYS',
  // Print arguments raw (no reading of paths, buffers and structs from the tracee), except bind
  // (the port is inside struct sockaddr) and clone3 (its flags are inside struct clone_args).
  // clone, socket, personality and prctl carry what we decode in plain registers.
  '-e',
  'raw=!bind,clone3',
];

/** The flags users are told to trace with when they ingest their own traces (README). */
export const STRACE_INGEST_ADVICE = 'strace -f -e quiet=attach -o trace.txt COMMAND';

/**
 * For a container (strace attached to containerd, src/trace/strace/container-backend.ts): the
 * same, plus what following the runtime needs. Personality and exit lines on (`quiet=none`;
 * attach messages go to strace's stderr, where they tell us it is attached); pids returned by
 * clone inside the container's pid namespace translated to ours (`--decode-pids=pidns`), so
 * clone/fork/vfork return values are printed decoded, not raw; execve/execveat decoded to see
 * `runc init` and the entrypoint's exec.
 */
export const STRACE_CONTAINER_FLAGS: readonly string[] = [
  '-f',
  '-n',
  '-e',
  'quiet=none',
  '-e',
  'signal=SIGSYS',
  '--decode-pids=pidns',
  '-e',
  'raw=!bind,clone,clone3,fork,vfork,execve,execveat',
];
