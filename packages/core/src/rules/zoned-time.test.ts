import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isIanaTimeZone,
  isoWeekdayOf,
  localDateOf,
  localMinutesOf,
  parseTimeOfDay,
  startOfLocalDay,
  zoneOffsetMs,
  zonedInstant,
} from './zoned-time.js';

const ZONES = ['UTC', 'Africa/Nairobi', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Kathmandu'];

describe('isIanaTimeZone', () => {
  it('accepts IANA zones, UTC and aliases, and refuses the rest', () => {
    for (const zone of ['Africa/Nairobi', 'UTC', 'Etc/UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) expect(isIanaTimeZone(zone), zone).toBe(true);
    for (const zone of ['Mars/Olympus', '', '+03:00', 'EAT+3', 'africa/nairobi ']) expect(isIanaTimeZone(zone), zone).toBe(false);
  });
});

describe('localDateOf', () => {
  it('turns the day at local midnight in UTC+3, not at UTC midnight', () => {
    expect(localDateOf(new Date('2026-03-02T20:59:59.999Z'), 'Africa/Nairobi')).toBe('2026-03-02');
    expect(localDateOf(new Date('2026-03-02T21:00:00.000Z'), 'Africa/Nairobi')).toBe('2026-03-03');
    expect(localDateOf(new Date('2026-03-02T23:30:00.000Z'), 'UTC')).toBe('2026-03-02');
  });

  it('follows daylight saving time', () => {
    // New York: EST (-5) in winter, EDT (-4) in summer.
    expect(localDateOf(new Date('2026-01-15T04:59:59Z'), 'America/New_York')).toBe('2026-01-14');
    expect(localDateOf(new Date('2026-01-15T05:00:00Z'), 'America/New_York')).toBe('2026-01-15');
    expect(localDateOf(new Date('2026-07-15T03:59:59Z'), 'America/New_York')).toBe('2026-07-14');
    expect(localDateOf(new Date('2026-07-15T04:00:00Z'), 'America/New_York')).toBe('2026-07-15');
  });
});

describe('zonedInstant', () => {
  it('converts wall-clock times with the offset in force', () => {
    expect(zonedInstant('2026-03-02', 8 * 60, 'Africa/Nairobi').toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(zonedInstant('2026-07-01', 9 * 60, 'Europe/London').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedInstant('2026-01-01', 9 * 60, 'Europe/London').toISOString()).toBe('2026-01-01T09:00:00.000Z');
    expect(zonedInstant('2026-03-02', 24 * 60, 'UTC').toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('moves a time skipped by spring-forward on by the gap, and takes the earlier of a repeated time', () => {
    // London 2026-03-29: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist.
    expect(zonedInstant('2026-03-29', 90, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // New York 2026-11-01: 01:30 happens twice (EDT, then EST): the first.
    expect(zonedInstant('2026-11-01', 90, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // Lord Howe shifts by 30 minutes: 2026-10-04 02:00 -> 02:30.
    expect(zonedInstant('2026-10-04', 2 * 60 + 15, 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:45:00.000Z');
  });

  it('starts a day at its first instant even where midnight is skipped', () => {
    // Santiago springs forward at midnight (2026-09-06 00:00 -> 01:00).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDateOf(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDateOf(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('round-trips every instant through its local date and minutes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        (zone, minute) => {
          const instant = new Date(minute * 60_000);
          const date = localDateOf(instant, zone);
          const minutes = localMinutesOf(instant, zone);
          const back = zonedInstant(date, minutes, zone);
          // The same wall time; the same instant, or the earlier pass of an hour repeated when clocks went back.
          expect(localDateOf(back, zone)).toBe(date);
          expect(localMinutesOf(back, zone)).toBe(minutes);
          expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
          if (back.getTime() !== instant.getTime()) expect(zoneOffsetMs(back, zone)).toBeGreaterThan(zoneOffsetMs(instant, zone));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('makes local midnight the boundary of the local date (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 5_000 }), (zone, dayOffset) => {
        const date = addDays('2022-01-01', dayOffset);
        const start = startOfLocalDay(date, zone);
        expect(localDateOf(start, zone)).toBe(date);
        expect(localDateOf(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(isoWeekdayOf('2026-03-02')).toBe(1);
    expect(isoWeekdayOf('2026-03-08')).toBe(7);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('parses times of day up to 24:00', () => {
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('08:30')).toBe(510);
    expect(parseTimeOfDay('24:00')).toBe(1440);
    expect(() => parseTimeOfDay('24:01')).toThrow(RangeError);
    expect(() => parseTimeOfDay('8:30')).toThrow(RangeError);
  });
});
