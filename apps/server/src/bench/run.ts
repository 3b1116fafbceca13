// `pnpm bench` for the server: runs each benchmark (or those named on the command line),
// prints one JSON document to stdout and writes it under apps/server/bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../db/embedded.js';
import type { EmbeddedDatabase } from '../db/embedded.js';
import { createLogger } from '../log.js';
import { authResumeBenchmark } from './auth-resume.bench.js';
import type { Benchmark } from './benchmark.js';
import { checkInBenchmark } from './check-in.bench.js';
import { patientsSearchBenchmark } from './patients-search.bench.js';
import { queueCostBenchmark } from './queue-cost.bench.js';
import { diagnosesSearchBenchmark } from './diagnoses-search.bench.js';
import { chartsGetBenchmark } from './charts-get.bench.js';
import { prescriptionsCheckBenchmark } from './prescriptions-check.bench.js';
import { pharmacyStockBenchmark } from './pharmacy-stock.bench.js';
import { labCriticalBenchmark } from './lab-critical.bench.js';
import { labWorklistBenchmark } from './lab-worklist.bench.js';
import { hl7IngestBenchmark } from './hl7-ingest.bench.js';
import { astmLineBenchmark } from './astm-line.bench.js';
import { invoicesCreateBenchmark } from './invoices-create.bench.js';

const benchmarks: readonly Benchmark[] = [authResumeBenchmark, patientsSearchBenchmark, checkInBenchmark, queueCostBenchmark, diagnosesSearchBenchmark, chartsGetBenchmark, prescriptionsCheckBenchmark, pharmacyStockBenchmark, labWorklistBenchmark, labCriticalBenchmark, hl7IngestBenchmark, astmLineBenchmark, invoicesCreateBenchmark];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const selected = args.filter((arg) => !arg.startsWith('--'));
const unknown = selected.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

// Without DATABASE_URL the benchmarks get an embedded PostgreSQL of their own, kept under
// var/bench so that seeded data (a million patients) survives between runs.
let embedded: EmbeddedDatabase | undefined;
if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') {
  const dataDir = fileURLToPath(new URL('../../../../var/bench', import.meta.url));
  process.stderr.write(`[bench] no DATABASE_URL: using an embedded PostgreSQL in ${dataDir}\n`);
  embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.HMS_BENCH_PG_PORT ?? 7433), log: createLogger('warn') });
  const admin = new URL(embedded.url);
  admin.pathname = '/postgres';
  process.env.DATABASE_URL = admin.toString();
}

const results: Record<string, unknown> = {};
try {
  for (const benchmark of benchmarks) {
    if (selected.length > 0 && !selected.includes(benchmark.name)) continue;
    process.stderr.write(`[bench] ${benchmark.name}...\n`);
    results[benchmark.name] = await benchmark.run({ quick });
  }
} finally {
  await embedded?.stop();
}
const report = {
  suite: 'server',
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  quick,
  results,
};
const text = JSON.stringify(report, null, 2);
process.stdout.write(`${text}\n`);
const dir = join(fileURLToPath(new URL('../../bench/results', import.meta.url)));
await mkdir(dir, { recursive: true });
await writeFile(join(dir, `server-${report.at.replace(/[:.]/g, '-')}.json`), `${text}\n`);
await writeFile(join(dir, 'server-latest.json'), `${text}\n`);
