/**
 * The `docker run` flags that take a value, from `docker run --help` of Docker client 28.2.2
 * (types list/string/int/uint16/decimal/duration/bytes/mount/network/gpu-request/map/ulimit).
 * Everything else in that help is a boolean flag. Knowing which flags take a value is what
 * lets the parser find where the options end and the image begins.
 */
export const VALUE_FLAGS: ReadonlySet<string> = new Set([
  '--add-host', '--annotation', '--attach', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop',
  '--cgroup-parent', '--cgroupns', '--cidfile', '--cpu-count', '--cpu-percent', '--cpu-period', '--cpu-quota',
  '--cpu-rt-period', '--cpu-rt-runtime', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems',
  '--detach-keys', '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops',
  '--device-write-bps', '--device-write-iops', '--dns', '--dns-option', '--dns-search', '--domainname',
  '--entrypoint', '--env', '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval',
  '--health-retries', '--health-start-interval', '--health-start-period', '--health-timeout', '--hostname', '--ip',
  '--ip6', '--ipc', '--isolation', '--kernel-memory', '--label', '--label-file', '--link', '--link-local-ip',
  '--log-driver', '--log-opt', '--mac-address', '--memory', '--memory-reservation', '--memory-swap',
  '--memory-swappiness', '--mount', '--name', '--network', '--net', '--network-alias', '--net-alias',
  '--oom-score-adj', '--pid', '--pids-limit', '--platform', '--publish', '--pull', '--restart', '--runtime',
  '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs',
  '--ulimit', '--user', '--userns', '--uts', '--volume', '--volume-driver', '--volumes-from', '--workdir',
]);

/** Boolean `docker run` flags (they may also be written `--flag=false`). */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  '--detach', '--disable-content-trust', '--help', '--init', '--interactive', '--no-healthcheck',
  '--oom-kill-disable', '--privileged', '--publish-all', '--quiet', '--read-only', '--rm', '--sig-proxy', '--tty',
  '--use-api-socket',
]);

/** Single-letter aliases and the long flag each stands for. */
export const SHORT_FLAGS: Readonly<Record<string, string>> = {
  a: '--attach',
  c: '--cpu-shares',
  d: '--detach',
  e: '--env',
  h: '--hostname',
  i: '--interactive',
  l: '--label',
  m: '--memory',
  p: '--publish',
  P: '--publish-all',
  q: '--quiet',
  t: '--tty',
  u: '--user',
  v: '--volume',
  w: '--workdir',
};
