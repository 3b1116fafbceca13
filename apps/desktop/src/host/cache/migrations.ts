/**
 * The cache database's own schema, numbered and forward-only: a landed migration is never
 * edited; a change is a new entry. Each runs in one transaction with its version bump. The
 * workstation's migrations are here, each desk's in its module (`cacheMigrations`), all in one
 * sequence of numbers (PRAGMA user_version): a new one takes the next free number.
 */
export interface CacheMigration {
  version: number;
  name: string;
  sql: string;
}

// Migration 2 also made reception's desk_check_ins (before desks had migrations of their own); landed, it stays as it is.
export const WORKSTATION_MIGRATIONS: readonly CacheMigration[] = [
  {
    version: 1,
    name: 'kv, patient search index, announcements, outbox, conflicts',
    sql: `
      create table kv (
        key text primary key,
        value text not null,
        updated_at text not null
      );

      -- Patients the desk needs offline (recently seen, today's). 'data' is the server's record
      -- as JSON; the other columns exist to be searched. 'phone_digits' keeps only digits.
      create table patients (
        id text primary key,
        mrn text not null,
        names text not null,
        phone text,
        phone_digits text,
        national_id text,
        birth_date text,
        updated_at text not null,
        seen_at text not null,
        data text not null check (json_valid(data))
      );
      create index patients_mrn on patients (mrn collate nocase);
      create index patients_seen_at on patients (seen_at);

      create virtual table patients_fts using fts5(
        names, mrn, phone_digits, national_id,
        content = 'patients', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      create trigger patients_fts_insert after insert on patients begin
        insert into patients_fts (rowid, names, mrn, phone_digits, national_id)
        values (new.rowid, new.names, new.mrn, new.phone_digits, new.national_id);
      end;
      create trigger patients_fts_delete after delete on patients begin
        insert into patients_fts (patients_fts, rowid, names, mrn, phone_digits, national_id)
        values ('delete', old.rowid, old.names, old.mrn, old.phone_digits, old.national_id);
      end;
      create trigger patients_fts_update after update on patients begin
        insert into patients_fts (patients_fts, rowid, names, mrn, phone_digits, national_id)
        values ('delete', old.rowid, old.names, old.mrn, old.phone_digits, old.national_id);
        insert into patients_fts (rowid, names, mrn, phone_digits, national_id)
        values (new.rowid, new.names, new.mrn, new.phone_digits, new.national_id);
      end;

      create table announcements (
        seq integer primary key,
        at text not null,
        from_name text not null,
        severity text not null check (severity in ('info', 'warning')),
        message text not null
      );

      -- Writes waiting for the server, replayed in id order. Each keeps its idempotency key
      -- from the moment it was made, so a replay is applied at most once.
      create table outbox (
        id integer primary key autoincrement,
        idempotency_key text not null unique,
        method text not null,
        params text not null check (json_valid(params)),
        label text not null,
        queued_by text,
        queued_at text not null,
        attempts integer not null default 0 check (attempts >= 0),
        last_error text,
        last_attempt_at text
      );

      -- Writes the server refused on replay. Kept until a person resolves them, and after.
      create table conflicts (
        id integer primary key autoincrement,
        idempotency_key text not null unique,
        method text not null,
        params text not null check (json_valid(params)),
        label text not null,
        queued_by text,
        queued_at text not null,
        failed_at text not null,
        error_code text not null,
        error_message text not null,
        error_details text check (error_details is null or json_valid(error_details)),
        resolved_at text,
        resolution text,
        check ((resolved_at is null) = (resolution is null))
      );
    `,
  },
  {
    version: 2,
    name: 'reception: patient versions and detail, MRN blocks, desk check-ins',
    sql: `
      -- An older copy never replaces a newer one: versions decide (0 = registered here offline,
      -- not on the server yet); at one version, a fuller copy wins (provisional < brief < full).
      alter table patients add column version integer not null default 0;
      alter table patients add column detail text not null default 'brief' check (detail in ('provisional', 'brief', 'full'));
      alter table patients add column merged_into text;

      -- MRN blocks reserved to this workstation (mrn.reserveBlock), per server and workstation id,
      -- so that a desk registering offline prints the final MRN at once. A number is used once.
      create table mrn_blocks (
        id text primary key,
        server_url text not null,
        workstation_id text not null,
        format text not null,
        reserved_at text not null,
        expires_at text not null
      );
      create table mrn_numbers (
        mrn text primary key,
        block_id text not null references mrn_blocks (id),
        position integer not null,
        used_at text,
        patient_id text,
        check ((used_at is null) = (patient_id is null))
      );
      create index mrn_numbers_free on mrn_numbers (block_id, position) where used_at is null;

      -- Check-ins made at this desk, by their idempotency key: queued while offline, then the
      -- server's visit (its token) once the outbox delivered them, or rejected (see conflicts).
      create table desk_check_ins (
        key text primary key,
        service_date text not null,
        state text not null check (state in ('queued', 'applied', 'rejected')),
        patient_id text not null,
        patient_mrn text not null,
        patient_name text not null,
        department text not null,
        doctor_id text,
        visit_type text not null,
        priority text,
        complaint text,
        arrived_at text not null,
        visit text check (visit is null or json_valid(visit)),
        created_by text,
        updated_at text not null
      );
      create index desk_check_ins_day on desk_check_ins (service_date, arrived_at);
    `,
  },
];

/** The workstation's and every desk's migrations, in order; two with one number, or a gap, is a mistake caught at start. */
export function cacheMigrations(lists: readonly (readonly CacheMigration[])[]): readonly CacheMigration[] {
  const all = lists.flat().toSorted((a, b) => a.version - b.version);
  all.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Cache migration ${migration.version} ("${migration.name}") is out of sequence: expected number ${index + 1}.`);
    }
  });
  return all;
}
