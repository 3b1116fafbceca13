import type { Knex } from 'knex';

/**
 * Server processes cache validated sessions for a few seconds. Any change that can end a
 * session or change what its user may do (revocation, a disabled account, new roles, a
 * password reset) notifies every process on 'hms_sessions' when it commits, whoever made it
 * (the gateway, the IT command line, a DBA), so caches drop the entry at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function hms_notify_session_change() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'sessions' then
        perform pg_notify('hms_sessions', 'session:' || new.id::text);
      else
        perform pg_notify('hms_sessions', 'user:' || new.id::text);
      end if;
      return null;
    end $$;

    create trigger sessions_changed after update on sessions
      for each row when (old.revoked_at is distinct from new.revoked_at)
      execute function hms_notify_session_change();

    create trigger users_changed after update on users
      for each row when (
        old.roles is distinct from new.roles
        or old.disabled_at is distinct from new.disabled_at
        or old.must_change_password is distinct from new.must_change_password
        or old.password_hash is distinct from new.password_hash
        or old.display_name is distinct from new.display_name
        or old.username is distinct from new.username)
      execute function hms_notify_session_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
