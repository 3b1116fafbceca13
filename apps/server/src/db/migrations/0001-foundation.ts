import { ROLES } from '@hms/core';
import type { Knex } from 'knex';

/** Key of the transaction-scoped advisory lock that orders audit rows and events by commit. */
export const CHAIN_LOCK_KEY = 7_400_001;

const roleList = ROLES.map((role) => `'${role}'`).join(', ');

/**
 * Users, sessions, login throttling, the append-only hash-chained audit log, the event outbox
 * and idempotency keys.
 *
 * Ordering invariant for audit_log.seq and events.seq: both are assigned by a BEFORE INSERT
 * trigger after taking one transaction-scoped advisory lock, which is held until commit. So a
 * reader that sees seq N has already seen every seq below N: no row can commit "behind" it.
 * That is what makes the hash chain linear and `events.resume` gap-free. Writers insert audit
 * rows and events last in their transaction, to hold that lock as briefly as possible.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create extension if not exists pg_trgm;
    create extension if not exists btree_gist;

    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique check (username = lower(username) and username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
      display_name text not null check (length(trim(display_name)) > 0),
      password_hash text not null,
      roles text[] not null check (cardinality(roles) > 0 and roles <@ array[${roleList}]::text[]),
      must_change_password boolean not null default false,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      user_id uuid not null references users(id),
      workstation_id text,
      address text,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      idle_timeout_seconds integer not null check (idle_timeout_seconds > 0),
      revoked_at timestamptz,
      revoked_reason text check (revoked_reason in ('logout', 'password_changed', 'password_reset', 'disabled', 'admin'))
    );
    create index sessions_user_active on sessions (user_id) where revoked_at is null;

    -- Failed sign-ins per key ('user:<name>' or 'address:<ip>') within a window; a key over
    -- its limit is blocked until blocked_until. Unknown usernames are counted alike, so that
    -- lockout behaviour does not reveal which accounts exist.
    create table login_throttle (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      blocked_until timestamptz
    );

    create sequence audit_log_seq;
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null default now(),
      actor_id uuid,
      actor_username text,
      action text not null,
      entity_type text,
      entity_id text,
      workstation_id text,
      address text,
      before jsonb,
      after jsonb,
      details jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_entity on audit_log (entity_type, entity_id, seq desc);
    create index audit_log_actor on audit_log (actor_id, seq desc);
    create index audit_log_at on audit_log (at desc);

    -- The exact text the hash covers: every column, length-prefixed so that no two rows can
    -- render alike, NULL written as '-'. The verifier rebuilds it independently.
    create function hms_audit_payload(r audit_log) returns text language sql stable as $$
      select string_agg(coalesce(octet_length(v)::text || ':' || v, '-'), '|' order by i)
      from unnest(array[
        r.prev_hash, r.seq::text,
        to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_id::text, r.actor_username, r.action, r.entity_type, r.entity_id,
        r.workstation_id, r.address, r.before::text, r.after::text, r.details::text
      ]) with ordinality as t(v, i)
    $$;

    create function hms_audit_chain() returns trigger language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
      select hash into last_hash from audit_log order by seq desc limit 1;
      new.seq := nextval('audit_log_seq');
      new.prev_hash := coalesce(last_hash, repeat('0', 64));
      new.hash := encode(sha256(convert_to(hms_audit_payload(new), 'UTF8')), 'hex');
      return new;
    end $$;
    create trigger audit_log_chain before insert on audit_log
      for each row execute function hms_audit_chain();

    create function hms_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function hms_reject_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function hms_reject_change();

    create sequence events_seq;
    create table events (
      seq bigint primary key,
      at timestamptz not null default now(),
      name text not null,
      topic text not null,
      data jsonb not null
    );
    create index events_topic_seq on events (topic, seq);

    create function hms_events_seq() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
      new.seq := nextval('events_seq');
      -- Delivered to every server process's listener when (and only if) the writer commits.
      perform pg_notify('hms_events', new.seq::text);
      return new;
    end $$;
    create trigger events_seq before insert on events
      for each row execute function hms_events_seq();

    -- A write sent with an idempotency key is applied once; a retry gets the stored result.
    create table idempotency_keys (
      key text primary key,
      method text not null,
      user_id uuid references users(id),
      result jsonb not null,
      created_at timestamptz not null default now()
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
