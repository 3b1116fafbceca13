import type { Knex } from 'knex';

/**
 * The lab's reference ranges and critical limits per catalogue test, editable by the lab
 * supervisor (issue 13). A change is a new version; the one it replaces keeps its bands and is
 * only marked superseded, so the range any old result was read against stays on record (the
 * result also keeps its own copy in lab_results.reference_range).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_test_limits (
      id uuid primary key default gen_random_uuid(),
      test_code text not null,
      version integer not null check (version > 0),
      ranges jsonb not null,
      critical jsonb not null,
      reason text not null,
      -- The starter catalogue's revision for shipped rows; null for the lab's own changes.
      shipped_revision integer,
      changed_by uuid references users(id),
      valid_from timestamptz not null,
      superseded_at timestamptz,
      unique (test_code, version)
    );
    create unique index lab_test_limits_current on lab_test_limits (test_code) where superseded_at is null;

    create function lab_test_limits_keep() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'lab_test_limits rows are never deleted'; end if;
      if new.ranges is distinct from old.ranges or new.critical is distinct from old.critical or new.version <> old.version
         or new.test_code <> old.test_code or new.reason <> old.reason or new.valid_from <> old.valid_from or old.superseded_at is not null then
        raise exception 'lab_test_limits rows are never overwritten: insert a new version';
      end if;
      return new;
    end $$;
    create trigger lab_test_limits_keep before update or delete on lab_test_limits for each row execute function lab_test_limits_keep();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
