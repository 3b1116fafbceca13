import { z } from 'zod';

export const UuidSchema = z.uuid();
/** An instant on the wire: ISO 8601 in UTC, as Date.prototype.toISOString writes it. */
export const InstantSchema = z.iso.datetime({ offset: true });
/** A calendar date without time: `YYYY-MM-DD`. */
export const CalendarDateSchema = z.iso.date();

export const LimitSchema = z.number().int().min(1).max(200);
/** Opaque pagination cursor; only the server reads it. */
export const CursorSchema = z.string().min(1).max(500);

export const OkSchema = z.object({ ok: z.literal(true) });
export const EmptyParamsSchema = z.object({}).optional().default({});

/** Trimmed, non-empty, bounded free text. */
export function text(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: CursorSchema.optional() });
}
