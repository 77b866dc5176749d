"""Attach a no-op BPF program (r0 = 0; exit) to raw tracepoints, print READY, hold until SIGINT.

The kernel's own share of a syscall tracepoint's cost, for bench/record-ebpf.ts: attaching any
sys_enter/sys_exit probe puts every task's syscalls on the slow entry/exit path. A raw
tracepoint (BPF_PROG_TYPE_RAW_TRACEPOINT) runs the program directly, without the perf buffer a
bpftrace `tracepoint:` probe fills per event; bpftrace 0.17 cannot attach one, hence ctypes.
Usage: python3 noop-raw-tracepoint.py sys_enter [sys_exit ...]
"""
import ctypes
import os
import signal
import struct
import sys

BPF_SYSCALL = 321  # x86_64
BPF_PROG_LOAD = 5
BPF_RAW_TRACEPOINT_OPEN = 17
BPF_PROG_TYPE_RAW_TRACEPOINT = 17

libc = ctypes.CDLL(None, use_errno=True)


def bpf(cmd: int, attr: bytearray) -> int:
    buf = ctypes.create_string_buffer(bytes(attr), len(attr))
    fd = libc.syscall(BPF_SYSCALL, cmd, buf, len(attr))
    if fd < 0:
        sys.exit(f"bpf({cmd}) failed: {os.strerror(ctypes.get_errno())}")
    return fd


insns = ctypes.create_string_buffer(bytes.fromhex("b700000000000000" "9500000000000000"), 16)
license_ = ctypes.create_string_buffer(b"GPL")
links = []
for name in sys.argv[1:]:
    load = bytearray(128)
    struct.pack_into("IIQQ", load, 0, BPF_PROG_TYPE_RAW_TRACEPOINT, 2, ctypes.addressof(insns), ctypes.addressof(license_))
    prog = bpf(BPF_PROG_LOAD, load)
    tp = ctypes.create_string_buffer(name.encode())
    attach = bytearray(16)
    struct.pack_into("QI", attach, 0, ctypes.addressof(tp), prog)
    links.append(bpf(BPF_RAW_TRACEPOINT_OPEN, attach))
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
print("READY", flush=True)
signal.pause()
