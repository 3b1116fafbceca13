import type { Knex } from 'knex';

/**
 * The name index also holds each pair of a patient's name words ('kamau mary'), so that two
 * common words are one ordered index lookup instead of an intersection of two long lists,
 * and each row carries the patient's words (`name_tokens`), so that a third word filters
 * inside the index (index-only) without a probe per row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table patient_name_tokens add column name_tokens text[] not null default '{}';
    update patient_name_tokens t set name_tokens = w.tokens
      from (select patient_id, array_agg(token order by token) as tokens from patient_name_tokens group by patient_id) w
     where w.patient_id = t.patient_id;
    insert into patient_name_tokens (token, sort_name, patient_id, birth_date, phone_digits, name_tokens)
    select a.token || ' ' || b.token, a.sort_name, a.patient_id, a.birth_date, a.phone_digits, a.name_tokens
      from patient_name_tokens a join patient_name_tokens b on b.patient_id = a.patient_id and a.token < b.token;
    alter table patient_name_tokens drop constraint patient_name_tokens_pkey;
    alter table patient_name_tokens add constraint patient_name_tokens_pkey
      primary key (token, sort_name, patient_id) include (birth_date, phone_digits, name_tokens);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
