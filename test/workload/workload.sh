#!/bin/sh
# seccompose test workload: one flag per behaviour, run in the order given.
#   --chown          create /tmp/owned and chown it to 1000:1000 (needs CAP_CHOWN)
#   --mkdir          create, rename and remove a directory tree under /tmp
#   --bind80         serve HTTP on port 80 in the background (busybox httpd). Docker >= 20.10 sets
#                    net.ipv4.ip_unprivileged_port_start=0, so this needs CAP_NET_BIND_SERVICE only
#                    with --sysctl net.ipv4.ip_unprivileged_port_start=1024
#   --listen PORT    serve HTTP on PORT in the background
#   --syscalls N     N one-byte read+write pairs (a syscall-heavy loop without forks)
#   --sleep S        sleep S seconds
#   --exit N         exit with status N now
#   --serve          stay up until SIGTERM, then exit 0 (shutdown path)
#   --never-ready    stay up without ever listening (pair with a healthcheck or published port)
# With no flags it prints its usage and exits 0.
# Steps are plain sequences under `set -e`, so a failing step (EPERM under a profile) fails the run.
set -eu

stop() { echo "workload: SIGTERM, shutting down"; [ -n "${HTTPD_PIDS:-}" ] && kill $HTTPD_PIDS 2>/dev/null; exit 0; }
trap stop TERM INT
HTTPD_PIDS=""

listen() {
  mkdir -p /www
  echo "seccompose workload" >/www/index.html
  httpd -f -p "$1" -h /www &
  HTTPD_PIDS="$HTTPD_PIDS $!"
}

idle() { while :; do sleep 3600 & wait $! || true; done; }

[ $# -eq 0 ] && sed -n '2,14p' "$0" && exit 0
while [ $# -gt 0 ]; do
  case "$1" in
    --chown) touch /tmp/owned; chown 1000:1000 /tmp/owned; echo "workload: chowned /tmp/owned" ;;
    --mkdir) mkdir -p /tmp/tree/a/b; mv /tmp/tree/a /tmp/tree/c; rm -r /tmp/tree; echo "workload: mkdir done" ;;
    --bind80) listen 80 ;;
    --listen) shift; listen "$1" ;;
    --syscalls) shift; dd if=/dev/zero of=/dev/null bs=1 count="$1" 2>/dev/null ;;
    --sleep) shift; sleep "$1" ;;
    --exit) shift; echo "workload: exit $1"; exit "$1" ;;
    --serve) echo "workload: serving until SIGTERM"; idle ;;
    --never-ready) echo "workload: never ready"; idle ;;
    *) echo "workload: unknown flag $1" >&2; exit 64 ;;
  esac
  shift
done
[ -n "$HTTPD_PIDS" ] && wait
exit 0
