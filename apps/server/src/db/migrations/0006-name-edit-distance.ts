import type { Knex } from 'knex';

/**
 * osa_distance(a, b, max): the optimal string alignment distance of two words (a letter
 * dropped, added or replaced, or two neighbours swapped, each one edit), or max + 1 when it is
 * above max. The search finds close spellings in the server's memory (patients/edit-distance.ts
 * is the same function) and compares in PostgreSQL only the name words added since the
 * in-memory index was refreshed, and the few name words of patients a phone or ID found, so
 * PL/pgSQL is fast enough and needs no extension. Stops at the first row of the table whose
 * every cell is above max.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function osa_distance(a text, b text, max integer) returns integer
    language plpgsql immutable strict parallel safe as $$
    declare
      s text[] := string_to_array(a, null);
      t text[] := string_to_array(b, null);
      m integer := coalesce(array_length(s, 1), 0);
      n integer := coalesce(array_length(t, 1), 0);
      -- Rows i-2, i-1 and i of the table; element j + 1 holds column j.
      before integer[];
      previous integer[];
      current integer[];
      value integer;
      row_min integer;
    begin
      if abs(m - n) > max then return max + 1; end if;
      if m = 0 or n = 0 then return greatest(m, n); end if;
      previous := array(select generate_series(0, n));
      for i in 1..m loop
        current := array[i];
        row_min := i;
        for j in 1..n loop
          value := least(previous[j + 1] + 1, current[j] + 1, previous[j] + case when s[i] = t[j] then 0 else 1 end);
          if i > 1 and j > 1 and s[i] = t[j - 1] and s[i - 1] = t[j] then value := least(value, before[j - 1] + 1); end if;
          current := current || value;
          row_min := least(row_min, value);
        end loop;
        if row_min > max then return max + 1; end if;
        before := previous;
        previous := current;
      end loop;
      return least(previous[n + 1], max + 1);
    end
    $$;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
