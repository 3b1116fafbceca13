import { z } from 'zod';
import { InstantSchema, OkSchema, UuidSchema, passwordString, text } from '../common.js';
import { PASSWORD_MAX_LENGTH } from '../passwords.js';
import { RoleSchema } from '../roles.js';
import { UsernameSchema } from './auth.js';
import { defineMethod } from './method.js';

export const UserSchema = z.object({
  id: UuidSchema,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: InstantSchema.nullable(),
  createdAt: InstantSchema,
});
export type User = z.infer<typeof UserSchema>;

const RolesSchema = z.array(RoleSchema).min(1, 'at least one role').max(8);

export const usersMethods = {
  'users.list': defineMethod({
    summary: 'All staff accounts, enabled and disabled.',
    access: ['admin'],
    writes: false,
    params: z.object({ includeDisabled: z.boolean().default(true) }),
    result: z.object({ items: z.array(UserSchema) }),
  }),
  'users.create': defineMethod({
    summary: 'Create a staff account; the user must change the password at first sign-in.',
    access: ['admin'],
    writes: true,
    params: z.object({
      username: UsernameSchema,
      displayName: text(120),
      roles: RolesSchema,
      password: passwordString(PASSWORD_MAX_LENGTH),
    }),
    result: z.object({ user: UserSchema }),
  }),
  'users.update': defineMethod({
    summary: 'Change a staff account\'s name, roles or enabled state. Disabling signs the user out everywhere.',
    access: ['admin'],
    writes: true,
    params: z.object({
      id: UuidSchema,
      displayName: text(120).optional(),
      roles: RolesSchema.optional(),
      disabled: z.boolean().optional(),
    }),
    result: z.object({ user: UserSchema }),
  }),
  'users.resetPassword': defineMethod({
    summary: 'Set a temporary password, unlock the account and sign the user out everywhere.',
    access: ['admin'],
    writes: true,
    params: z.object({ id: UuidSchema, newPassword: passwordString(PASSWORD_MAX_LENGTH) }),
    result: OkSchema,
  }),
} as const;
