import type { Knex } from 'knex';

/**
 * A queue change costs the same however many wait (issue 9):
 * - queue_counts: one row per department and service date with how many wait there, per queue
 *   (a doctor's id, or 'pool') and priority, kept by a trigger on visits whatever path changes
 *   one. A waiting patient's position is then these counts less those of their own priority
 *   band behind them (usually none), instead of the whole queue read and sorted in every write.
 *   One row per department and day, so a change locks one counts row, always before its queue
 *   version row; a cross-department move locks its two rows in department order.
 * - visits_queue_order: the calling order itself (priority band, queued_at, token, id), so
 *   callNext takes the first row, a board reads its first page, and a position counts only
 *   the band's tail. It replaces visits_waiting, whose (department, queued_at) order read every
 *   waiting row of the department to sort them, or to find an earlier day's.
 * - visits_open_by_day: a department's open visits by day, so the check for an earlier day's
 *   (every check-in and call) reads those alone, not every visit of every earlier day.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table queue_counts (
      department_id uuid not null references departments(id),
      service_date date not null,
      waiting integer not null check (waiting >= 0),
      -- {"pool" | doctor id: {"emergency" | "urgent" | "normal": n}}
      by_queue jsonb not null,
      primary key (department_id, service_date)
    );

    -- A leaving entry's row exists (its joining made it): a missing one is a bug to stop on, not to hide.
    create function hms_queue_count_add(dept uuid, day date, doctor uuid, prio text, delta integer) returns void
    language plpgsql as $$
    declare
      queue text := coalesce(doctor::text, 'pool');
    begin
      if delta < 0 then
        update queue_counts c set
          waiting = c.waiting + delta,
          by_queue = c.by_queue || jsonb_build_object(queue,
            coalesce(c.by_queue -> queue, '{}'::jsonb) || jsonb_build_object(prio, coalesce((c.by_queue -> queue ->> prio)::integer, 0) + delta))
        where c.department_id = dept and c.service_date = day;
        if not found then raise exception 'queue_counts has no row for % on %', dept, day; end if;
      else
        insert into queue_counts as c (department_id, service_date, waiting, by_queue)
        values (dept, day, delta, jsonb_build_object(queue, jsonb_build_object(prio, delta)))
        on conflict (department_id, service_date) do update set
          waiting = c.waiting + delta,
          by_queue = c.by_queue || jsonb_build_object(queue,
            coalesce(c.by_queue -> queue, '{}'::jsonb) || jsonb_build_object(prio, coalesce((c.by_queue -> queue ->> prio)::integer, 0) + delta));
      end if;
    end $$;

    create function hms_visits_queue_count() returns trigger language plpgsql as $$
    declare
      leaving boolean := tg_op <> 'INSERT' and old.status = 'checked_in';
      joining boolean := tg_op <> 'DELETE' and new.status = 'checked_in';
    begin
      if leaving and joining and old.department_id = new.department_id and old.service_date = new.service_date
         and old.doctor_id is not distinct from new.doctor_id and old.priority = new.priority then
        return null;
      end if;
      -- Two departments' rows in one order, so that opposite transfers cannot deadlock.
      if leaving and joining and (new.department_id, new.service_date) < (old.department_id, old.service_date) then
        perform hms_queue_count_add(new.department_id, new.service_date, new.doctor_id, new.priority, 1);
        perform hms_queue_count_add(old.department_id, old.service_date, old.doctor_id, old.priority, -1);
        return null;
      end if;
      if leaving then perform hms_queue_count_add(old.department_id, old.service_date, old.doctor_id, old.priority, -1); end if;
      if joining then perform hms_queue_count_add(new.department_id, new.service_date, new.doctor_id, new.priority, 1); end if;
      return null;
    end $$;

    create trigger visits_queue_count after insert or delete or update of status, department_id, service_date, doctor_id, priority on visits
      for each row execute function hms_visits_queue_count();

    insert into queue_counts (department_id, service_date, waiting, by_queue)
    select department_id, service_date, sum(n)::integer, jsonb_object_agg(queue, by_priority)
    from (
      select department_id, service_date, queue, sum(n) as n, jsonb_object_agg(priority, n) as by_priority
      from (
        select department_id, service_date, coalesce(doctor_id::text, 'pool') as queue, priority, count(*)::integer as n
        from visits where status = 'checked_in' group by 1, 2, 3, 4) per_priority
      group by 1, 2, 3) per_queue
    group by 1, 2;

    create index visits_queue_order on visits (
      department_id, service_date, (case priority when 'emergency' then 0 when 'urgent' then 1 else 2 end), queued_at, token_number, id)
      where status = 'checked_in';
    drop index visits_waiting;
    create index visits_open_by_day on visits (department_id, service_date) where status in ('checked_in', 'in_consultation');
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
