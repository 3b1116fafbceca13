import { describe, expect, it } from 'vitest';
import { QueueTopics } from './queue-topics.js';

describe('QueueTopics', () => {
  it('says a department may be unwatched on the socket only when the last desk following it lets go', () => {
    const topics = new QueueTopics();
    topics.hold('OPD', 'reception');
    topics.hold('OPD', 'nurse');
    topics.hold('OPD', 'nurse');
    expect(topics.release('OPD', 'reception')).toBe(false);
    expect(topics.release('OPD', 'nurse')).toBe(true);
    expect(topics.release('DEN', 'nurse')).toBe(true);
  });
});
