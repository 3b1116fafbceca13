/// <reference types="node" />
import { performance } from 'node:perf_hooks';

export interface Rate {
  /** Operations per second, median of the samples. */
  readonly perSecond: number;
  /** Every sample, for judging the spread. */
  readonly samples: readonly number[];
}

/** A sink the optimiser cannot see through, so measured work is never dropped. */
export let sink = 0;

export function consume(value: string | number | undefined): void {
  if (typeof value === 'string') sink = (sink + value.length + (value.length > 0 ? value.charCodeAt(value.length >> 1) : 0)) | 0;
  else if (typeof value === 'number') sink = (sink + value) | 0;
}

/**
 * Runs `batch` (which performs `opsPerBatch` operations) repeatedly: a warm-up, then
 * `samples` timed windows of `windowMs`; reports the median rate.
 */
export function measure(batch: () => void, opsPerBatch: number, options?: { warmupMs?: number; windowMs?: number; samples?: number }): Rate {
  const warmupMs = options?.warmupMs ?? 300;
  const windowMs = options?.windowMs ?? 500;
  const sampleCount = options?.samples ?? 3;
  let end = performance.now() + warmupMs;
  while (performance.now() < end) batch();
  const samples: number[] = [];
  for (let s = 0; s < sampleCount; s++) {
    let ops = 0;
    const start = performance.now();
    end = start + windowMs;
    let now = start;
    while (now < end) {
      batch();
      ops += opsPerBatch;
      now = performance.now();
    }
    samples.push((ops * 1000) / (now - start));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { perSecond: Math.round(sorted[Math.floor(sorted.length / 2)] as number), samples: samples.map(Math.round) };
}

/**
 * Measures several contenders in turns (A B C A B C ...), `rounds` windows each, and reports
 * each one's median. Interleaving spreads load spikes from other processes over every
 * contender alike, so ratios stay meaningful on a busy machine.
 */
export function measureInterleaved(batches: Readonly<Record<string, () => void>>, opsPerBatch: number, options?: { warmupMs?: number; windowMs?: number; rounds?: number }): Record<string, Rate> {
  const warmupMs = options?.warmupMs ?? 200;
  const windowMs = options?.windowMs ?? 200;
  const rounds = options?.rounds ?? 7;
  const names = Object.keys(batches);
  for (const name of names) {
    const batch = batches[name] as () => void;
    const end = performance.now() + warmupMs;
    while (performance.now() < end) batch();
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // With --expose-gc, collect before every window so no contender pays for another's garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const batch = batches[name] as () => void;
      gc?.();
      let ops = 0;
      const start = performance.now();
      const end = start + windowMs;
      let now = start;
      while (now < end) {
        batch();
        ops += opsPerBatch;
        now = performance.now();
      }
      (samples[name] as number[]).push((ops * 1000) / (now - start));
    }
  }
  const out: Record<string, Rate> = {};
  for (const name of names) {
    const list = samples[name] as number[];
    const sorted = [...list].sort((a, b) => a - b);
    out[name] = { perSecond: Math.round(sorted[Math.floor(sorted.length / 2)] as number), samples: list.map(Math.round) };
  }
  return out;
}
