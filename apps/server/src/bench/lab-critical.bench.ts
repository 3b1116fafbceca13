import type { Knex } from 'knex';
import { insertTestSpecimen } from '../test-support/lab-cases.js';
import { createTestSession } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { loadAverage } from './machine.js';
import { summarize } from './stats.js';

/**
 * A critical value reaches the ordering doctor (issue 13: p99 <= 1 s end to end, 50 ms typical):
 * from the lab desk sending lab.enterResults with a glucose of 1.8 mmol/L (below the catalogue's
 * critical 2.5) to lab.critical arriving on the doctor's own socket (lab.watchAlerts), both desks
 * on the built server process. One value at a time, as a technologist enters them.
 */
async function seed(db: Knex, count: number): Promise<{ labToken: string; doctorToken: string; specimens: Array<{ testId: string; barcode: string; requestId: string }> }> {
  const doctor = await createTestUser(db, 'bench.doctor', ['doctor']);
  const tech = await createTestUser(db, 'bench.lab', ['lab_technician']);
  const specimens: Array<{ testId: string; barcode: string; requestId: string }> = [];
  // Received glucose specimens of the doctor's orders.
  for (let i = 0; i < count; i += 1) {
    const made = await insertTestSpecimen(db, { code: 'RBG', specimen: 'received' });
    specimens.push({ testId: made.testId, barcode: made.barcode, requestId: made.requestId });
  }
  // Ordered by this bench's doctor (insertTestSpecimen takes the first doctor it finds).
  await db('lab_requests').whereIn('id', specimens.map((s) => s.requestId)).update({ ordering_user_id: doctor.id });
  await db.raw('vacuum analyze');
  return { labToken: await createTestSession(db, tech.id), doctorToken: await createTestSession(db, doctor.id), specimens };
}

export const labCriticalBenchmark: Benchmark = {
  name: 'lab-critical',
  async run(options) {
    const count = options.quick ? 60 : 500;
    const database = await benchDatabase('hms_bench_lab_critical', { fresh: true });
    let seeded: Awaited<ReturnType<typeof seed>>;
    try {
      seeded = await seed(database.db, count);
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const lab = await TestClient.connect(server.wsUrl);
    const doctor = await TestClient.connect(server.wsUrl);
    // The frame's arrival on the doctor's socket, by request, timed before any client work on it.
    const arrivals = new Map<string, number>();
    doctor.socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as { event?: string; data?: { requestId?: string; escalated?: boolean } };
      if (frame.event === 'lab.critical' && frame.data?.escalated === false && frame.data.requestId !== undefined) arrivals.set(frame.data.requestId, at);
    });
    try {
      await lab.call('auth.resume', { token: seeded.labToken, workstationId: 'lab-desk-bench' });
      await doctor.call('auth.resume', { token: seeded.doctorToken, workstationId: 'doctor-desk-bench' });
      await doctor.call('lab.watchAlerts', {});
      const loadBefore = loadAverage();
      const endToEnd: number[] = [];
      const reply: number[] = [];
      const warmup = 10;
      for (const [index, specimen] of seeded.specimens.entries()) {
        const sent = performance.now();
        const answered = lab.call('lab.enterResults', { testId: specimen.testId, specimenBarcode: specimen.barcode, results: [{ analyte: 'GLU', value: '1.8' }] })
          .then((result) => {
            if (result.alerts.length !== 1) throw new Error('a glucose of 1.8 raised no critical alert');
            return performance.now();
          });
        // The reply first: a refused entry fails the run with its own error, not a timeout.
        const repliedAt = await answered;
        // Woken by the client's own listener; the timing listener runs in the same 'message' dispatch, before this resumes.
        await doctor.waitForEvent((event) => event.event === 'lab.critical' && (event.data as { requestId: string }).requestId === specimen.requestId, 10_000);
        if (index >= warmup) {
          endToEnd.push(arrivals.get(specimen.requestId)! - sent);
          reply.push(repliedAt - sent);
        }
        // A technologist enters values seconds apart; a pause keeps the socket far under its rate limit.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      return {
        unit: 'ms from lab.enterResults sent on the lab\'s socket to lab.critical received on the ordering doctor\'s socket (built server, one value at a time)',
        values: endToEnd.length,
        targets: { p99Ms: 1_000, typicalMs: 50 },
        endToEnd: summarize(endToEnd),
        enterResultsReply: summarize(reply),
        loadAverage: { before: loadBefore, after: loadAverage() },
      };
    } finally {
      await lab.close();
      await doctor.close();
      await server.stop();
    }
  },
};
