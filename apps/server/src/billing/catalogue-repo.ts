import type { Knex } from 'knex';

export interface PayerRow { id: string; code: string; name: string; kind: 'cash' | 'insurance' | 'corporate' }
export interface ServiceRow { code: string; name: string; category: 'registration' | 'consultation' | 'lab' | 'imaging' | 'procedure' | 'drug' | 'bed_day' | 'other'; department_id: string | null; active: boolean }
export interface PriceRow { service_code: string; payer_id: string; price_minor: string | number; effective_from: Date; set_at: Date; set_by_name: string; note: string | null }

export const toPayer = (row: PayerRow) => ({ id: row.id, code: row.code, name: row.name, kind: row.kind });
export const toService = (row: ServiceRow) => ({ code: row.code, name: row.name, category: row.category, departmentId: row.department_id, active: row.active });
export const toPrice = (row: PriceRow) => ({
  serviceCode: row.service_code, payerId: row.payer_id, priceMinor: Number(row.price_minor), effectiveFrom: row.effective_from.toISOString(), setAt: row.set_at.toISOString(), setByName: row.set_by_name, note: row.note,
});

export async function cashPayer(db: Knex): Promise<PayerRow> {
  return (await db('billing_payers').where({ kind: 'cash' }).first('id', 'code', 'name', 'kind')) as PayerRow;
}

export async function findPayer(db: Knex, id: string): Promise<PayerRow | undefined> {
  return db('billing_payers').where({ id }).first('id', 'code', 'name', 'kind');
}

export async function findService(db: Knex, code: string, options: { lock?: boolean } = {}): Promise<ServiceRow | undefined> {
  const query = db('billing_services').where({ code }).first('code', 'name', 'category', 'department_id', 'active');
  return options.lock === true ? query.forUpdate() : query;
}

interface InForceFilter {
  codes?: readonly string[];
  category?: string | undefined;
  query?: string | undefined;
  limit?: number;
  /** Only the payer's own list, without falling back to the cash list. */
  ownOnly?: boolean;
}

/**
 * Each service with the price in force at `at` on the payer's list, else (unless `ownOnly`) on
 * the cash list: a scheme that has not priced a service pays the cash price for it. The latest
 * effective date not after `at` wins; of two set for the same date, the later set.
 */
export async function pricesInForce(db: Knex, payerId: string, at: Date, filter: InForceFilter): Promise<Array<{ service: ServiceRow; price: PriceRow | null }>> {
  const rows = (await db.raw(
    `select s.code, s.name, s.category, s.department_id, s.active,
            p.service_code as p_service_code, p.payer_id as p_payer_id, p.price_minor as p_price_minor, p.effective_from as p_effective_from,
            p.set_at as p_set_at, u.display_name as p_set_by_name, p.note as p_note
       from billing_services s
       left join lateral (
         select pr.* from billing_prices pr
          where pr.service_code = s.code and pr.effective_from <= :at
            and (pr.payer_id = :payerId or (not :ownOnly and pr.payer_id = (select id from billing_payers where kind = 'cash')))
          order by (pr.payer_id = :payerId) desc, pr.effective_from desc, pr.id desc
          limit 1
       ) p on true
       left join users u on u.id = p.set_by
      where (cast(:codes as text[]) is null or s.code = any(cast(:codes as text[])))
        and (cast(:category as text) is null or s.category = :category)
        and (cast(:query as text) is null or s.code ilike :prefix or lower(s.name) like :contains)
        and (cast(:codes as text[]) is not null or s.active)
      order by s.category, s.name, s.code
      limit :limit`,
    {
      at, payerId, ownOnly: filter.ownOnly === true,
      codes: filter.codes === undefined ? null : [...filter.codes],
      category: filter.category ?? null,
      query: filter.query ?? null,
      prefix: `${escapeLike(filter.query ?? '')}%`,
      contains: `%${escapeLike((filter.query ?? '').toLowerCase())}%`,
      limit: filter.limit ?? 1000,
    },
  )).rows as Array<ServiceRow & Record<string, unknown>>;
  return rows.map((row) => ({
    service: { code: row.code, name: row.name, category: row.category, department_id: row.department_id, active: row.active },
    price: row.p_service_code === null ? null : {
      service_code: row.p_service_code as string, payer_id: row.p_payer_id as string, price_minor: row.p_price_minor as string, effective_from: row.p_effective_from as Date,
      set_at: row.p_set_at as Date, set_by_name: row.p_set_by_name as string, note: row.p_note as string | null,
    },
  }));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
