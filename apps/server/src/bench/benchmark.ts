export interface BenchmarkOptions {
  /** A short run, to check the benchmark works (CI smoke). */
  quick: boolean;
}

export interface Benchmark {
  name: string;
  run(options: BenchmarkOptions): Promise<Record<string, unknown>>;
}
