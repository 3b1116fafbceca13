import type { Knex } from 'knex';

/** Key of the transaction-scoped advisory lock that orders audit rows and events (migration 0001). */
const CHAIN_LOCK_KEY = 7_400_001;

/**
 * The audit chain becomes keyed: from now on each row's hash is an HMAC-SHA-256 that the
 * server computes with a key kept outside the database (its data folder), so a database user,
 * however powerful, cannot forge a row or re-hash the chain after altering one.
 *
 * chain_version 1 marks the rows hashed before (plain SHA-256, by the trigger); they stay as
 * they are and keep verifying. Version 2 rows chain on from the last version-1 row.
 *
 * Appending is now two steps in the writer's transaction: hms_audit_prepare takes the chain
 * lock, assigns the rows' seq and renders the exact text the hash covers; the server computes
 * the HMACs and inserts the rows, and the trigger checks only what it can without the key
 * (each row follows the head, seq is one the sequence handed out). The rendering here and in
 * the verifier (audit/verify.ts) must stay identical: the whole test suite proves it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table audit_log add column chain_version smallint not null default 1
      check (chain_version in (1, 2));
    alter table audit_log alter column chain_version set default 2;

    create function hms_audit_prepare(entries jsonb)
      returns table (seq bigint, fields text[], prev_hash text)
      language plpgsql volatile as $$
    declare
      head_hash text;
      entry jsonb;
      r audit_log;
    begin
      perform pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
      select a.hash into head_hash from audit_log a order by a.seq desc limit 1;
      prev_hash := coalesce(head_hash, repeat('0', 64));
      for entry in select e from jsonb_array_elements(entries) with ordinality as t(e, i) order by i loop
        r := jsonb_populate_record(null::audit_log, entry);
        r.seq := nextval('audit_log_seq');
        seq := r.seq;
        fields := array[
          r.seq::text,
          to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          r.actor_id::text, r.actor_username, r.action, r.entity_type, r.entity_id,
          r.workstation_id, r.address, r.before::text, r.after::text, r.details::text];
        return next;
      end loop;
    end $$;

    create or replace function hms_audit_chain() returns trigger language plpgsql as $$
    declare
      head_seq bigint;
      head_hash text;
    begin
      perform pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
      if new.chain_version is distinct from 2 or new.seq is null or new.hash is null or new.hash !~ '^[0-9a-f]{64}$' then
        raise exception 'audit rows are sealed by the HMS server (chain version 2, seq and hash from hms_audit_prepare)'
          using errcode = 'check_violation';
      end if;
      select a.seq, a.hash into head_seq, head_hash from audit_log a order by a.seq desc limit 1;
      if new.prev_hash is distinct from coalesce(head_hash, repeat('0', 64))
         or new.seq <= coalesce(head_seq, 0)
         or new.seq > (select last_value from audit_log_seq) then
        raise exception 'audit row % does not follow the head of the chain', new.seq
          using errcode = 'check_violation';
      end if;
      return new;
    end $$;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
