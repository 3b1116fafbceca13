import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBookable, freeSlots, sessionsOn, weeklySessionsOverlap } from './slots.js';
import type { DoctorSchedule, WeeklySession } from './slots.js';
import { localDateOf, localMinutesOf } from './zoned-time.js';

const TZ = 'Africa/Nairobi'; // UTC+3
const monday = '2026-03-02';

function weekly(weekday: WeeklySession['weekday'], start: string, end: string, slotMinutes = 15, departmentCode = 'OPD'): WeeklySession {
  return { weekday, start, end, slotMinutes, departmentCode, effectiveFrom: null, effectiveTo: null };
}

const base: DoctorSchedule = {
  weekly: [weekly(1, '08:00', '10:00'), weekly(1, '14:00', '15:00', 30), weekly(3, '09:00', '12:00', 20)],
  exceptions: [],
  leave: [],
  booked: [],
};
const early = new Date('2026-03-01T00:00:00Z');

const local = (iso: Date) => `${localDateOf(iso, TZ)} ${String(Math.floor(localMinutesOf(iso, TZ) / 60)).padStart(2, '0')}:${String(localMinutesOf(iso, TZ) % 60).padStart(2, '0')}`;

describe('freeSlots', () => {
  it('cuts weekly sessions into slots at the hospital\'s local times', () => {
    const slots = freeSlots(base, { from: monday, to: monday, timeZone: TZ, now: early });
    expect(slots).toHaveLength(8 + 2);
    expect(slots[0]!.start.toISOString()).toBe('2026-03-02T05:00:00.000Z'); // 08:00 in Nairobi
    expect(slots.map((slot) => local(slot.start)).slice(-3)).toEqual(['2026-03-02 09:45', '2026-03-02 14:00', '2026-03-02 14:30']);
  });

  it('leaves out booked time, past slots, closures and leave; adds extra sessions', () => {
    const schedule: DoctorSchedule = {
      ...base,
      booked: [{ start: new Date('2026-03-02T05:15:00Z'), end: new Date('2026-03-02T05:45:00Z') }], // 08:15-08:45
      exceptions: [
        { date: monday, kind: 'closed', start: '09:30', end: '10:00', slotMinutes: null, departmentCode: null },
        { date: '2026-03-03', kind: 'extra', start: '16:00', end: '17:00', slotMinutes: 20, departmentCode: 'MCH' },
      ],
      leave: [{ from: '2026-03-04', to: '2026-03-04' }],
    };
    const now = new Date('2026-03-02T05:05:00Z'); // 08:05: the 08:00 slot has begun
    const slots = freeSlots(schedule, { from: monday, to: '2026-03-04', timeZone: TZ, now });
    expect(slots.map((slot) => local(slot.start))).toEqual([
      '2026-03-02 08:45', '2026-03-02 09:00', '2026-03-02 09:15', '2026-03-02 14:00', '2026-03-02 14:30',
      '2026-03-03 16:00', '2026-03-03 16:20', '2026-03-03 16:40',
    ]);
    expect(slots.at(-1)!.departmentCode).toBe('MCH');
  });

  it('keeps local wall times across a DST change', () => {
    const london: DoctorSchedule = { weekly: [weekly(7, '09:00', '10:00', 30), weekly(1, '09:00', '10:00', 30)], exceptions: [], leave: [], booked: [] };
    // Sunday 2026-03-29 clocks go forward; Monday 30 is in BST.
    const slots = freeSlots(london, { from: '2026-03-22', to: '2026-03-30', timeZone: 'Europe/London', now: early });
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2026-03-22T09:00:00.000Z', '2026-03-22T09:30:00.000Z', '2026-03-23T09:00:00.000Z', '2026-03-23T09:30:00.000Z',
      '2026-03-29T08:00:00.000Z', '2026-03-29T08:30:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-30T08:30:00.000Z',
    ]);
  });

  it('honours effective dates of template sessions', () => {
    const schedule: DoctorSchedule = { ...base, weekly: [{ ...weekly(1, '08:00', '09:00', 30), effectiveFrom: '2026-03-09', effectiveTo: null }] };
    expect(freeSlots(schedule, { from: monday, to: monday, timeZone: TZ, now: early })).toEqual([]);
    expect(freeSlots(schedule, { from: '2026-03-09', to: '2026-03-09', timeZone: TZ, now: early })).toHaveLength(2);
  });

  it('never offers a slot that overlaps a booking, lies outside a session or in the past (property)', () => {
    const booking = fc.record({ day: fc.integer({ min: 0, max: 6 }), minute: fc.integer({ min: 7 * 60, max: 16 * 60 }), length: fc.integer({ min: 5, max: 90 }) });
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 12 }), fc.integer({ min: 0, max: 7 * 24 * 60 }), (bookings, nowMinutes) => {
        const booked = bookings.map((b) => {
          const start = new Date(Date.parse('2026-03-02T00:00:00+03:00') + (b.day * 1440 + b.minute) * 60_000);
          return { start, end: new Date(start.getTime() + b.length * 60_000) };
        });
        const now = new Date(Date.parse('2026-03-02T00:00:00+03:00') + nowMinutes * 60_000);
        const schedule = { ...base, booked };
        for (const slot of freeSlots(schedule, { from: monday, to: '2026-03-08', timeZone: TZ, now })) {
          expect(slot.start.getTime()).toBeGreaterThanOrEqual(now.getTime());
          for (const taken of booked) expect(slot.end <= taken.start || slot.start >= taken.end).toBe(true);
          const session = sessionsOn(schedule, localDateOf(slot.start, TZ), TZ).find((s) => s.start <= slot.start && slot.end <= s.end);
          expect(session).toBeDefined();
          expect(checkBookable({ ...base, booked: [] }, slot, TZ, now).ok).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkBookable', () => {
  const at = (iso: string, minutes = 15) => ({ start: new Date(iso), end: new Date(Date.parse(iso) + minutes * 60_000) });

  it('accepts a time inside a session, even off the slot grid', () => {
    const check = checkBookable(base, at('2026-03-02T05:10:00Z', 20), TZ, early);
    expect(check).toMatchObject({ ok: true, session: { departmentCode: 'OPD', slotMinutes: 15 } });
  });

  it('says why it refuses: past, leave, closure, outside the sessions', () => {
    expect(checkBookable(base, at('2026-03-02T05:00:00Z'), TZ, new Date('2026-03-02T06:00:00Z'))).toMatchObject({ ok: false, reason: 'in_past' });
    expect(checkBookable({ ...base, leave: [{ from: '2026-03-01', to: '2026-03-05' }] }, at('2026-03-02T05:00:00Z'), TZ, early)).toMatchObject({ ok: false, reason: 'on_leave' });
    const closed = { ...base, exceptions: [{ date: monday, kind: 'closed' as const, start: null, end: null, slotMinutes: null, departmentCode: null }] };
    expect(checkBookable(closed, at('2026-03-02T05:00:00Z'), TZ, early)).toMatchObject({ ok: false, reason: 'closed' });
    expect(checkBookable(base, at('2026-03-02T06:50:00Z', 20), TZ, early)).toMatchObject({ ok: false, reason: 'outside_schedule' }); // 09:50-10:10
    expect(checkBookable(base, at('2026-03-03T05:00:00Z'), TZ, early)).toMatchObject({ ok: false, reason: 'outside_schedule' }); // Tuesday
  });
});

describe('weeklySessionsOverlap', () => {
  it('finds overlaps on the same weekday within overlapping effective dates', () => {
    expect(weeklySessionsOverlap(weekly(1, '08:00', '10:00'), weekly(1, '09:30', '11:00'))).toBe(true);
    expect(weeklySessionsOverlap(weekly(1, '08:00', '10:00'), weekly(1, '10:00', '11:00'))).toBe(false);
    expect(weeklySessionsOverlap(weekly(1, '08:00', '10:00'), weekly(2, '08:00', '10:00'))).toBe(false);
    expect(weeklySessionsOverlap({ ...weekly(1, '08:00', '10:00'), effectiveTo: '2026-03-31' }, { ...weekly(1, '08:00', '10:00'), effectiveFrom: '2026-04-01' })).toBe(false);
  });
});
