import { z } from 'zod';
import { WireErrorSchema } from '../errors.js';

/** Largest frame the server accepts; bigger ones close the socket (1009). */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Why the server closed a socket, beyond 1001 (shutting down) and 1009 (frame too big). */
export const SERVER_CLOSE_CODES = {
  /** The socket stayed over its request rate for several seconds (policy violation). */
  flooding: 1008,
  /** Its address already has its fill of sockets waiting to sign in: connect again later. */
  tooManyWaiting: 1013,
  /** Not signed in within the deadline after connecting or signing out: connect again to sign in. */
  signInDeadline: 4401,
} as const;

export const RequestIdSchema = z.union([z.string().min(1).max(64), z.number().int().safe()]);
export type RequestId = z.infer<typeof RequestIdSchema>;

/** Client-generated, unique per logical change: a retried write is applied at most once. */
export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : -');

export const RequestFrameSchema = z.object({
  id: RequestIdSchema,
  method: z.string().min(1).max(100),
  params: z.unknown().optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const SuccessFrameSchema = z.object({ id: RequestIdSchema, result: z.unknown() });
export const ErrorFrameSchema = z.object({ id: RequestIdSchema.nullable(), error: WireErrorSchema });
export const PushFrameSchema = z.object({
  event: z.string(),
  seq: z.number().int().nonnegative(),
  data: z.unknown(),
});

export type SuccessFrame = z.infer<typeof SuccessFrameSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type PushFrame = z.infer<typeof PushFrameSchema>;
export type ServerFrame = SuccessFrame | ErrorFrame | PushFrame;

export const ServerFrameSchema = z.union([PushFrameSchema, ErrorFrameSchema, SuccessFrameSchema]);
