/** Record a command's result code; main.ts reads process.exitCode once the action returns. */
export function setOutcome(code: number): void {
  process.exitCode = code;
}
