import { describe, expect, it } from 'vitest';
import { ChartTopics } from './chart-topics.js';
import type { ChartTopicsConnection } from './chart-topics.js';

/** A connection that records what was sent and the session steps, answering each call when told. */
function fakeConnection() {
  const sent: string[] = [];
  const steps = new Map<string, unknown>();
  const answers: Array<() => void> = [];
  let immediate = true;
  const connection: ChartTopicsConnection = {
    call: ((method: string, params: { patientId: string }) => new Promise((resolve) => {
      sent.push(`${method} ${params.patientId}`);
      if (immediate) resolve({} as never);
      else answers.push(() => resolve({} as never));
    })) as ChartTopicsConnection['call'],
    addSessionStep: (key, step) => {
      steps.set(key, step);
      return () => steps.delete(key);
    },
  };
  return {
    connection, sent, steps,
    hold: () => { immediate = false; },
    answerNext: () => answers.shift()?.(),
  };
}

describe('ChartTopics', () => {
  it('watches a chart once for all the desks that follow it and unwatches it when the last lets go', async () => {
    const fake = fakeConnection();
    const topics = new ChartTopics({ connection: fake.connection, online: () => true });
    topics.hold('p1', 'doctor');
    topics.hold('p1', 'nurse');
    topics.hold('p1', 'nurse');
    await topics.settled();
    expect(fake.sent).toEqual(['charts.watch p1']);
    expect([...fake.steps.keys()]).toEqual(['chart:p1']);
    expect(topics.release('p1', 'doctor')).toBe(false);
    await topics.settled();
    expect(fake.sent).toEqual(['charts.watch p1']);
    expect(topics.release('p1', 'nurse')).toBe(true);
    await topics.settled();
    expect(fake.sent).toEqual(['charts.watch p1', 'charts.unwatch p1']);
    expect(fake.steps.size).toBe(0);
    expect(topics.watched('p1')).toBe(false);
    expect(topics.release('p1', 'nurse')).toBe(false);
  });

  it('sends a chart\'s unwatch only after its watch was answered, so the socket ends as the desks want', async () => {
    const fake = fakeConnection();
    fake.hold();
    const topics = new ChartTopics({ connection: fake.connection, online: () => true });
    topics.hold('p1', 'doctor');
    topics.release('p1', 'doctor');
    topics.hold('p1', 'nurse');
    // Only the watch is out: the unwatch and the second watch wait for it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.sent).toEqual(['charts.watch p1']);
    fake.answerNext();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.sent).toEqual(['charts.watch p1', 'charts.unwatch p1']);
    fake.answerNext();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.answerNext();
    await topics.settled();
    expect(fake.sent).toEqual(['charts.watch p1', 'charts.unwatch p1', 'charts.watch p1']);
    expect(topics.patients()).toEqual(['p1']);
  });

  it('offline, sends nothing and leaves the watch to the session step the reconnect runs; a sign-out lets go of a desk\'s charts', async () => {
    const fake = fakeConnection();
    let online = false;
    const topics = new ChartTopics({ connection: fake.connection, online: () => online });
    topics.hold('p1', 'doctor');
    topics.hold('p2', 'doctor');
    topics.hold('p2', 'nurse');
    await topics.settled();
    expect(fake.sent).toEqual([]);
    expect([...fake.steps.keys()]).toEqual(['chart:p1', 'chart:p2']);
    online = true;
    topics.releaseAll('doctor');
    await topics.settled();
    expect(fake.sent).toEqual(['charts.unwatch p1']);
    expect(topics.patients()).toEqual(['p2']);
  });
});
