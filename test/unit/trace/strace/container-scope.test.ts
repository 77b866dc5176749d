import { describe, expect, it } from 'vitest';
import { SyscallTally } from '../../../../src/observation/tally.js';
import { ContainerScope } from '../../../../src/trace/strace/container-scope.js';
import { StraceParser } from '../../../../src/trace/strace/parse.js';

// Shapes of lines from `strace -f -p <containerd>` with STRACE_CONTAINER_FLAGS while
// `docker run seccompose/busybox:1 sh -c 'mkdir /tmp/zz; ...'` started (strace 6.1, runc 1.1).
const TRACE = [
  '30200 [  59] execve("/usr/sbin/runc", ["runc", "--root", "/var/run/docker/runtime-runc/mob"..., "--log", "/var/run/docker/containerd/daemo"..., "--log-format", "json", "create", "--bundle", "/var/run/docker/containerd/daemo"..., "--pid-file", "/var/run/docker/containerd/daemo"..., "e6bedcb992a30843a27579b30b1f13b2"...], 0xc000002c80 /* 38 vars */) = 0',
  '30200 [  56] clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 30230',
  '30230 [  59] execve("/proc/self/exe", ["runc", "init"], 0xc00022a080 /* 7 vars */) = 0',
  '30230 [ 322] execveat(6, "", ["runc", "init"], 0x49c82e0 /* 8 vars */, AT_EMPTY_PATH) = 0',
  '30230 [  56] clone(child_stack=0x7ffdd2ae9520, flags=CLONE_PARENT|SIGCHLD) = 30246',
  '30246 [ 165] mount("proc", "/proc", "proc", 0, NULL) = 0',
  '30246 [ 155] pivot_root(".", ".")       = 0',
  '30246 [ 317] seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=240, filter=0xc0001}) = 0',
  '30246 [  59] execve("/bin/sh", ["sh", "-c", "mkdir /tmp/zz; echo hi; sleep 0."...], 0xc000024880 /* 3 vars */) = 0',
  '30246 [  83] mkdir(0x20682888, 0x1ff)   = 0',
  "30246 [  56] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x20680690) = 6 /* 30594 in strace's PID NS */",
  '30594 [ 230] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=100000000}, 0x7ffd) = 0',
  '30594 [ 231] exit_group(0)              = ?',
  '30594 [ 231] +++ exited with 0 +++',
  '2811  [ 232] epoll_pwait(4, [], 128, 0, NULL, 0) = 0',
  '30246 [ 231] exit_group(0)              = ?',
];

describe('ContainerScope', () => {
  it('keeps the container init from its entrypoint exec on, with its children; drops runc and containerd', () => {
    const scope = new ContainerScope();
    const parser = new StraceParser(new SyscallTally(), { native: 'SCMP_ARCH_X86_64', router: scope });
    parser.push(Buffer.from(`${TRACE.join('\n')}\n`));
    parser.end();
    expect([...scope.roots.keys()]).toEqual([30246]);
    const tally = scope.tallyOfContainer(0, 'e6bedcb992a30843a27579b30b1f13b2cafe0000000000000000000000000000');
    expect(tally).toBe(scope.roots.get(30246));
    expect(Object.keys(tally!.toEvidence().syscalls.SCMP_ARCH_X86_64!).sort()).toEqual([
      'clock_nanosleep',
      'clone',
      'execve',
      'exit_group',
      'mkdir',
    ]);
    expect(tally!.toEvidence().args.clone?.['0']?.values).toEqual([0x1200011]);
    expect(scope.tallyOfContainer(0, 'ffff')).toBeUndefined();
  });

  it("reports the workloads' own calls as progress, never containerd's or runc's", () => {
    const scope = new ContainerScope();
    const own = new SyscallTally();
    const parser = new StraceParser(own, { native: 'SCMP_ARCH_X86_64', router: scope });
    parser.push(Buffer.from(`${TRACE.slice(0, 8).join('\n')}\n`));
    expect(scope.progress()).toEqual({ calls: 0, distinct: 0 });
    parser.push(Buffer.from(`${TRACE.slice(8).join('\n')}\n`));
    parser.end();
    expect(own.distinct).toBe(0);
    expect(scope.progress()).toEqual({ calls: 6, distinct: 5 });
  });
});
