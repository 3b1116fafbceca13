import type { Visit } from '@hms/core';
import type { DeskCheckIn, DeskCheckInState } from '../../shared/protocol/reception.js';
import type { LocalCache } from '../cache/local-cache.js';

interface CheckInRow {
  key: string;
  service_date: string;
  state: DeskCheckInState;
  patient_id: string;
  patient_mrn: string;
  patient_name: string;
  department: string;
  doctor_id: string | null;
  visit_type: DeskCheckIn['visitType'];
  priority: DeskCheckIn['priority'];
  complaint: string | null;
  arrived_at: string;
  visit: string | null;
}

/** The check-ins made at this desk, by idempotency key, with the server's visit once it has one. */
export interface CheckInLog {
  record(checkIn: DeskCheckIn, by: string | null): void;
  /**
   * The server's visit arrived (at once, or when the outbox delivered the check-in). The patient
   * is as the server has it: a registration made offline may have come back with another MRN.
   */
  applied(key: string, visit: Visit): DeskCheckIn | undefined;
  rejected(key: string): DeskCheckIn | undefined;
  get(key: string): DeskCheckIn | undefined;
  /** A day's check-ins at this desk, latest first. */
  onDay(serviceDate: string): DeskCheckIn[];
}

/** Kept in the cache's desk_check_ins. */
export class DeskCheckIns implements CheckInLog {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  record(checkIn: DeskCheckIn, by: string | null): void {
    this.cache
      .prepare(`insert into desk_check_ins (key, service_date, state, patient_id, patient_mrn, patient_name, department, doctor_id, visit_type,
                  priority, complaint, arrived_at, visit, created_by, updated_at)
                values (@key, @serviceDate, @state, @patientId, @mrn, @name, @department, @doctorId, @visitType, @priority, @complaint, @arrivedAt, @visit, @by, @now)`)
      .run({
        key: checkIn.key, serviceDate: checkIn.serviceDate, state: checkIn.state, patientId: checkIn.patient.id, mrn: checkIn.patient.mrn,
        name: checkIn.patient.name, department: checkIn.department, doctorId: checkIn.doctorId, visitType: checkIn.visitType,
        priority: checkIn.priority, complaint: checkIn.complaint, arrivedAt: checkIn.arrivedAt,
        visit: checkIn.visit === null ? null : JSON.stringify(checkIn.visit), by, now: this.cache.nowIso(),
      });
  }

  /**
   * The server's visit arrived (at once, or when the outbox delivered the check-in). The patient
   * is as the server has it: a registration made offline may have come back with another MRN.
   */
  applied(key: string, visit: Visit): DeskCheckIn | undefined {
    this.cache
      .prepare("update desk_check_ins set state = 'applied', visit = ?, patient_id = ?, patient_mrn = ?, updated_at = ? where key = ?")
      .run(JSON.stringify(visit), visit.patientId, visit.patient.mrn, this.cache.nowIso(), key);
    return this.get(key);
  }

  rejected(key: string): DeskCheckIn | undefined {
    this.cache.prepare("update desk_check_ins set state = 'rejected', updated_at = ? where key = ?").run(this.cache.nowIso(), key);
    return this.get(key);
  }

  get(key: string): DeskCheckIn | undefined {
    const row = this.cache.prepare('select * from desk_check_ins where key = ?').get(key) as CheckInRow | undefined;
    return row === undefined ? undefined : toCheckIn(row);
  }

  /**
   * A day's check-ins at this desk, latest first. A refused one leaves the list once a person
   * resolved its conflict (sent again, it is a new check-in; discarded, it stays in the outbox's record).
   */
  onDay(serviceDate: string): DeskCheckIn[] {
    const rows = this.cache
      .prepare(`select d.* from desk_check_ins d
                where d.service_date = ?
                  and not (d.state = 'rejected' and exists (select 1 from conflicts c where c.idempotency_key = d.key and c.resolved_at is not null))
                order by d.arrived_at desc, d.key`)
      .all(serviceDate) as CheckInRow[];
    return rows.map(toCheckIn);
  }
}

function toCheckIn(row: CheckInRow): DeskCheckIn {
  return {
    key: row.key,
    state: row.state,
    serviceDate: row.service_date,
    patient: { id: row.patient_id, mrn: row.patient_mrn, name: row.patient_name },
    department: row.department,
    doctorId: row.doctor_id,
    visitType: row.visit_type,
    priority: row.priority,
    complaint: row.complaint,
    arrivedAt: row.arrived_at,
    visit: row.visit === null ? null : (JSON.parse(row.visit) as Visit),
  };
}

/** Without a cache (the browser: online only, so nothing is ever queued or refused): kept while the page lives. */
export class MemoryCheckIns implements CheckInLog {
  private readonly items = new Map<string, DeskCheckIn>();

  record(checkIn: DeskCheckIn): void {
    if (!this.items.has(checkIn.key)) this.items.set(checkIn.key, checkIn);
  }

  applied(key: string, visit: Visit): DeskCheckIn | undefined {
    const current = this.items.get(key);
    if (current === undefined) return undefined;
    const applied: DeskCheckIn = { ...current, state: 'applied', visit, patient: { ...current.patient, id: visit.patientId, mrn: visit.patient.mrn } };
    this.items.set(key, applied);
    return applied;
  }

  rejected(key: string): DeskCheckIn | undefined {
    const current = this.items.get(key);
    if (current === undefined) return undefined;
    const rejected: DeskCheckIn = { ...current, state: 'rejected' };
    this.items.set(key, rejected);
    return rejected;
  }

  get(key: string): DeskCheckIn | undefined {
    return this.items.get(key);
  }

  onDay(serviceDate: string): DeskCheckIn[] {
    return [...this.items.values()]
      .filter((checkIn) => checkIn.serviceDate === serviceDate)
      .sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt) || a.key.localeCompare(b.key));
  }
}
