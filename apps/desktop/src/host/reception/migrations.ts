import type { CacheMigration } from '../cache/migrations.js';

/** The reception desk's cache tables (its check-ins were made by workstation migration 2, before desks had their own). */
export const RECEPTION_TABLES = ['desk_check_ins', 'mrn_corrections'] as const;

export const RECEPTION_MIGRATIONS: readonly CacheMigration[] = [
  {
    version: 3,
    name: 'reception: wristbands printed with an MRN the patient does not have',
    sql: `
      -- A registration made here offline whose printed MRN the server did not give the patient
      -- (its reply was lost and it already had one, or it refused the block number). Shown to the
      -- desk until a person says the wristband was replaced; kept after that, as a record.
      create table mrn_corrections (
        patient_id text not null,
        printed_mrn text not null,
        -- The printed MRN as scanners and people type it: upper case, letters and digits only.
        printed_key text not null,
        mrn text not null,
        patient_name text not null,
        patient text not null check (json_valid(patient)),
        reason text not null check (reason in ('lostReply', 'refusedMrn')),
        reported_at text not null,
        acknowledged_at text,
        acknowledged_by text,
        primary key (patient_id, printed_mrn)
      );
      create index mrn_corrections_printed on mrn_corrections (printed_key);
    `,
  },
];
