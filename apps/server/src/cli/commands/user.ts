import { ROLES, UsernameSchema, isHmsError, isRole } from '@hms/core';
import type { Role } from '@hms/core';
import { runWrite } from '../../gateway/write-scope.js';
import { findUserByUsername } from '../../auth/index.js';
import { createUser, listUsers, resetPassword, updateUser } from '../../users/index.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import type { CliContext, Command } from '../command.js';

function usernameArg(positionals: string[]): string {
  const [raw] = positionals;
  if (raw === undefined) throw usageError('Give the username.');
  const parsed = UsernameSchema.safeParse(raw);
  if (!parsed.success) throw usageError(`"${raw}" is not a valid username: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  return parsed.data;
}

function rolesArg(value: string | boolean | undefined): Role[] {
  if (typeof value !== 'string' || value.trim() === '') throw usageError(`Give --roles, a comma-separated list of: ${ROLES.join(', ')}.`);
  const roles = value.split(',').map((role) => role.trim()).filter((role) => role.length > 0);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw usageError(`Unknown role(s): ${unknown.join(', ')}. Roles: ${ROLES.join(', ')}.`);
  return roles as Role[];
}

/** Rule violations (weak password, taken name) are refusals with their reason, not crashes. */
async function refusingOnRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isHmsError(error) && error.code !== 'INTERNAL') {
      const fields = (error.details?.fields ?? {}) as Record<string, string>;
      const reasons = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
      throw new CliError(EXIT.refused, reasons.length > 0 ? `${error.message} ${reasons.join('; ')}.` : error.message);
    }
    throw error;
  }
}

async function existingUser(ctx: CliContext, username: string) {
  const user = await findUserByUsername(await ctx.db(), username);
  if (user === undefined) throw new CliError(EXIT.refused, `There is no user "${username}".`);
  return user;
}

export const userAdd: Command = {
  name: 'user add',
  usage: 'user add <username> --name "<display name>" --roles <role,...> [--temporary]   (password asked, or read from stdin)',
  summary: 'Create a staff account. --temporary makes the user choose a new password at first sign-in.',
  options: { name: { type: 'string' }, roles: { type: 'string' }, temporary: { type: 'boolean' } },
  async run(ctx, args) {
    const username = usernameArg(args.positionals);
    const roles = rolesArg(args.values.roles);
    const displayName = typeof args.values.name === 'string' ? args.values.name.trim() : '';
    if (displayName === '') throw usageError('Give --name, the name staff see (e.g. --name "Dr Amina Njoroge").');
    const db = await ctx.db();
    const auditKey = await ctx.auditKey();
    const password = await ctx.readPassword(`Password for ${username}`);
    const row = await refusingOnRules(() =>
      runWrite(db, { stamp: () => ctx.stamp(), auditKey }, (scope) =>
        createUser(scope, { username, displayName, roles, password, mustChangePassword: args.values.temporary === true }, ctx.clock.now()),
      ),
    );
    ctx.out(`Created ${row.username} (${row.roles.join(', ')}).`);
  },
};

function enabledCommand(name: 'user disable' | 'user enable', disabled: boolean): Command {
  return {
    name,
    usage: `${name} <username>`,
    summary: disabled ? 'Disable an account and sign it out everywhere.' : 'Enable a disabled account again.',
    async run(ctx, args) {
      const username = usernameArg(args.positionals);
      const user = await existingUser(ctx, username);
      const db = await ctx.db();
      const auditKey = await ctx.auditKey();
      await refusingOnRules(() => runWrite(db, { stamp: () => ctx.stamp(), auditKey }, (scope) => updateUser(scope, { id: user.id, disabled }, null, ctx.clock.now())));
      ctx.out(`${username} is ${disabled ? 'disabled' : 'enabled'}.`);
    },
  };
}

export const userDisable = enabledCommand('user disable', true);
export const userEnable = enabledCommand('user enable', false);

export const userResetPassword: Command = {
  name: 'user reset-password',
  usage: 'user reset-password <username> [--temporary]   (password asked, or read from stdin)',
  summary: 'Set a new password, unlock the account and sign it out everywhere.',
  options: { temporary: { type: 'boolean' } },
  async run(ctx, args) {
    const username = usernameArg(args.positionals);
    const user = await existingUser(ctx, username);
    const password = await ctx.readPassword(`New password for ${username}`);
    const db = await ctx.db();
    const auditKey = await ctx.auditKey();
    await refusingOnRules(() =>
      runWrite(db, { stamp: () => ctx.stamp(), auditKey }, (scope) => resetPassword(scope, user.id, password, ctx.clock.now(), args.values.temporary === true)),
    );
    ctx.out(`Password of ${username} reset; the account is unlocked and signed out everywhere.`);
  },
};

export const userList: Command = {
  name: 'user list',
  usage: 'user list',
  summary: 'List staff accounts.',
  async run(ctx) {
    const users = await listUsers(await ctx.db(), true, ctx.clock.now());
    if (users.length === 0) ctx.out('No users yet. Create the first administrator with: pnpm hms user add <username> --name "<name>" --roles admin');
    for (const user of users) {
      const flags = [user.disabled ? 'disabled' : undefined, user.lockedUntil === null ? undefined : `locked until ${user.lockedUntil}`]
        .filter(Boolean)
        .join(', ');
      ctx.out(`${user.username.padEnd(20)} ${user.displayName.padEnd(30)} ${user.roles.join(',')}${flags ? `  [${flags}]` : ''}`);
    }
  },
};
