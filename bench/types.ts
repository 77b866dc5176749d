/** One measured figure of a benchmark: ratios are unit "x". */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
