/**
 * The enforcement canary: a tiny static x86_64 ELF that makes one syscall with all-zero
 * arguments and exits with the outcome — 0 when the call ran and succeeded, the errno when it
 * failed (so ERRNO(EPERM) gives 1), and it dies by SIGSYS when the filter kills it. It needs no
 * libc, no compiler and nothing in the image: only execve and exit_group besides the probed call.
 *
 *   mov eax, NR ; zero rdi rsi rdx r10 r8 r9 ; syscall
 *   test rax, rax ; jns ok ; neg rax ; mov rdi, rax ; jmp out
 *   ok: xor edi, edi
 *   out: mov eax, 231 (exit_group) ; syscall
 */
const LOAD_ADDRESS = 0x400000n;
const ELF_HEADER_SIZE = 64;
const PROGRAM_HEADER_SIZE = 56;

/** Machine code of the canary for syscall number `nr` (x86_64). */
function canaryCode(nr: number): Buffer {
  const imm = Buffer.alloc(4);
  imm.writeUInt32LE(nr);
  return Buffer.concat([
    Buffer.from([0xb8]),
    imm, // mov eax, nr
    Buffer.from([0x31, 0xff, 0x31, 0xf6, 0x31, 0xd2]), // xor edi,edi; xor esi,esi; xor edx,edx
    Buffer.from([0x45, 0x31, 0xd2, 0x45, 0x31, 0xc0, 0x45, 0x31, 0xc9]), // xor r10d,r8d,r9d
    Buffer.from([0x0f, 0x05]), // syscall
    Buffer.from([0x48, 0x85, 0xc0, 0x79, 0x08]), // test rax,rax; jns +8
    Buffer.from([0x48, 0xf7, 0xd8, 0x48, 0x89, 0xc7, 0xeb, 0x02]), // neg rax; mov rdi,rax; jmp +2
    Buffer.from([0x31, 0xff]), // xor edi,edi
    Buffer.from([0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05]), // mov eax,231; syscall
  ]);
}

/** A complete ELF64 executable (one PT_LOAD segment, read+execute) probing syscall `nr`. */
export function buildCanaryElf(nr: number): Buffer {
  if (!Number.isInteger(nr) || nr < 0 || nr > 0xffff) throw new RangeError(`syscall number ${nr} out of range`);
  const code = canaryCode(nr);
  const headers = ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE;
  const size = BigInt(headers + code.length);
  const elf = Buffer.alloc(ELF_HEADER_SIZE);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // \x7fELF, 64-bit, little-endian, version 1, SysV
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // EM_X86_64
  elf.writeUInt32LE(1, 20); // EV_CURRENT
  elf.writeBigUInt64LE(LOAD_ADDRESS + BigInt(headers), 24); // e_entry
  elf.writeBigUInt64LE(BigInt(ELF_HEADER_SIZE), 32); // e_phoff
  elf.writeBigUInt64LE(0n, 40); // e_shoff
  elf.writeUInt32LE(0, 48); // e_flags
  elf.writeUInt16LE(ELF_HEADER_SIZE, 52); // e_ehsize
  elf.writeUInt16LE(PROGRAM_HEADER_SIZE, 54); // e_phentsize
  elf.writeUInt16LE(1, 56); // e_phnum
  const ph = Buffer.alloc(PROGRAM_HEADER_SIZE);
  ph.writeUInt32LE(1, 0); // PT_LOAD
  ph.writeUInt32LE(5, 4); // PF_R | PF_X
  ph.writeBigUInt64LE(0n, 8); // p_offset
  ph.writeBigUInt64LE(LOAD_ADDRESS, 16); // p_vaddr
  ph.writeBigUInt64LE(LOAD_ADDRESS, 24); // p_paddr
  ph.writeBigUInt64LE(size, 32); // p_filesz
  ph.writeBigUInt64LE(size, 40); // p_memsz
  ph.writeBigUInt64LE(0x1000n, 48); // p_align
  return Buffer.concat([elf, ph, code]);
}
