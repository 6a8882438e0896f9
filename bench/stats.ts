/** Percentile of a sample (nearest-rank); the sample is sorted in place. */
export function percentile(sample: number[], p: number): number {
  if (!sample.length) return Number.NaN;
  sample.sort((a, b) => a - b);
  const rank = Math.min(sample.length - 1, Math.max(0, Math.ceil((p / 100) * sample.length) - 1));
  return sample[rank] as number;
}

/** Times fn once per input, `rounds` times over the inputs, after a warm-up; returns per-call ms. */
export function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown, rounds: number): number[] {
  for (const input of inputs) fn(input);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const start = process.hrtime.bigint();
      fn(input);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples;
}

export const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
