import { z } from 'zod';
import { InstantSchema, OkSchema, UuidSchema, passwordString, wireString } from '../common.js';
import { PASSWORD_MAX_LENGTH } from '../passwords.js';
import { RoleSchema } from '../roles.js';
import { defineMethod } from './method.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const UsernameSchema = wireString(200, { trim: true })
  .toLowerCase()
  .regex(USERNAME_PATTERN, '2 to 64 characters: letters, digits, dot, dash or underscore');
export const WorkstationIdSchema = wireString(64, { trim: true })
  .min(1)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

export const SessionUserSchema = z.object({
  id: UuidSchema,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

const SessionSchema = z.object({ user: SessionUserSchema, expiresAt: InstantSchema });

export const authMethods = {
  'auth.login': defineMethod({
    summary: 'Sign in with username and password; binds the session to this connection.',
    access: 'public',
    writes: true,
    params: z.object({
      username: wireString(64, { trim: true }).toLowerCase().min(1, 'must not be empty'),
      password: passwordString(PASSWORD_MAX_LENGTH).min(1, 'must not be empty'),
      workstationId: WorkstationIdSchema.optional(),
    }),
    result: SessionSchema.extend({ token: z.string() }),
  }),
  'auth.resume': defineMethod({
    summary: 'Bind an existing session to this (new) connection.',
    access: 'public',
    writes: false,
    params: z.object({ token: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not a session token'), workstationId: WorkstationIdSchema.optional() }),
    result: SessionSchema,
  }),
  'auth.logout': defineMethod({
    summary: 'Revoke this connection\'s session.',
    access: 'anyRole',
    writes: true,
    params: z.object({}),
    result: OkSchema,
  }),
  'auth.changePassword': defineMethod({
    summary: 'Change one\'s own password; other sessions of the user are revoked.',
    access: 'anyRole',
    writes: true,
    params: z.object({
      currentPassword: passwordString(PASSWORD_MAX_LENGTH).min(1, 'must not be empty'),
      newPassword: passwordString(PASSWORD_MAX_LENGTH),
    }),
    result: OkSchema,
  }),
} as const;
