import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { round } from './stats.js';

/**
 * Where a run's CPU went, from Linux's /proc (elsewhere every figure is absent): the whole
 * machine's busy share, and the CPU time of the processes under test. On a shared 2-core
 * machine this tells a contaminated run (other engineers' suites busy) from a slow server.
 */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  at: number;
  /** /proc/stat 'cpu' line: busy and total ticks of all cores. */
  machine?: { busy: number; total: number };
  /** Ticks (user + system) per pid. */
  processes: Map<number, number>;
  benchUsage: NodeJS.CpuUsage;
}

export interface CpuReport {
  seconds: number;
  /** Busy share of all cores over the run (1 = every core busy all the time). */
  machineBusy?: number;
  /** CPU milliseconds per second of run, per group, and per operation when `operations` is given. */
  cpuMsPerSecond: Record<string, number>;
  cpuMsPerOperation?: Record<string, number>;
}

export function loadAverage(): { '1m': number; '5m': number; '15m': number } {
  const [one, five, fifteen] = loadavg();
  return { '1m': round(one ?? 0, 2), '5m': round(five ?? 0, 2), '15m': round(fifteen ?? 0, 2) };
}

async function machineTicks(): Promise<{ busy: number; total: number } | undefined> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

async function processTicks(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export async function cpuSnapshot(pids: readonly number[]): Promise<CpuSnapshot> {
  const processes = new Map<number, number>();
  for (const pid of pids) {
    const ticks = await processTicks(pid);
    if (ticks !== undefined) processes.set(pid, ticks);
  }
  const machine = await machineTicks();
  return { at: performance.now(), ...(machine === undefined ? {} : { machine }), processes, benchUsage: process.cpuUsage() };
}

/**
 * CPU between two snapshots. `groups` names pids (a pid first seen in `end` counts from zero:
 * a database connection opened during the run); the bench process itself is always 'bench'.
 */
export function cpuBetween(start: CpuSnapshot, end: CpuSnapshot, groups: Record<string, readonly number[]>, operations?: number): CpuReport {
  const seconds = (end.at - start.at) / 1000;
  const perSecond: Record<string, number> = {};
  const perOperation: Record<string, number> = {};
  const add = (name: string, ms: number) => {
    perSecond[name] = round(ms / seconds, 1);
    if (operations !== undefined && operations > 0) perOperation[name] = round(ms / operations, 3);
  };
  for (const [name, pids] of Object.entries(groups)) {
    let ticks = 0;
    for (const pid of pids) ticks += (end.processes.get(pid) ?? 0) - (start.processes.get(pid) ?? 0);
    add(name, (ticks * 1000) / TICKS_PER_SECOND);
  }
  add('bench', (end.benchUsage.user - start.benchUsage.user + end.benchUsage.system - start.benchUsage.system) / 1000);
  const report: CpuReport = { seconds: round(seconds, 2), cpuMsPerSecond: perSecond };
  if (start.machine !== undefined && end.machine !== undefined && end.machine.total > start.machine.total) {
    report.machineBusy = round((end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total), 3);
  }
  if (operations !== undefined) report.cpuMsPerOperation = perOperation;
  return report;
}
