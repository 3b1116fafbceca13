/** The server's source of time, injected so that expiry and scheduling rules can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
