import { HmsError, mayCall, methods, parseAccession, parseSpecimenBarcode, specimenBarcode } from '@hms/core';
import type { CatalogueEntry, LabSpecimen, LabWorklistEntry, MethodName } from '@hms/core';
import { groupByContainer, specimenIndex } from '../../shared/lab/containers.js';
import { specimenLabels } from '../../shared/lab/specimen-labels.js';
import type { labSpecimenRequests, labSpecimenWrites } from '../../shared/lab/specimen-requests.js';
import type { CollectOutcome, LabFindOutcome, LabelOutcome } from '../../shared/lab/views.js';
import type { HostHandlers } from '../../shared/protocol/channels.js';
import { toHostError } from '../../shared/result.js';
import type { OfflineWrite } from '../writes/offline-writes.js';
import { AccessionPool } from './accession-pool.js';
import type { LabPartContext } from './lab-part.js';
import { sameEntry } from './lab-store.js';

export type SpecimenChannel = keyof typeof labSpecimenRequests;
export type SpecimenWrite = (typeof labSpecimenWrites)[number];

export interface SpecimenPart {
  handlers: Pick<HostHandlers, SpecimenChannel>;
  writes: { readonly [M in SpecimenWrite]: OfflineWrite<M> };
  whenOnline(): Promise<void>;
}

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * The lab desk's specimen side in the host: the worklist it follows and keeps, finding what a
 * scanned label names, collection with a label per container printed at once, receipt,
 * rejection and walk-ins. Offline it collects and labels from the kept worklist with accession
 * numbers of this desk's block (accession-pool.ts), and queues the writes for replay.
 */
export function specimenPart(part: LabPartContext): SpecimenPart {
  const { ctx, store, worklist } = part;
  const pool = new AccessionPool({
    values: ctx.values,
    owner: () => ({ serverUrl: ctx.settings().serverUrl, workstationId: ctx.settings().workstationId }),
    mayReserve: () => ctx.online() && mayCall(methods['lab.reserveAccessions'].access, ctx.roles()),
    reserve: async (size) => (await ctx.connection.call('lab.reserveAccessions', { size })).block,
  });
  const requireAccess = (method: MethodName) => {
    if (!mayCall(methods[method].access, ctx.roles())) throw new HmsError('FORBIDDEN', 'The lab desk is for the laboratory.', { method });
  };
  const kept = () => store.worklist()?.entries ?? [];
  const changedHere = () => worklist.publish();

  const find = (code: string): LabFindOutcome => {
    const view = worklist.view();
    const source = view.live ? 'server' : 'cache';
    const barcode = parseSpecimenBarcode(code);
    if (barcode !== null) {
      const wanted = specimenBarcode(barcode.accession, barcode.containerNumber);
      for (const entry of view.entries) {
        const specimen = entry.specimens.find((candidate) => candidate.barcode === wanted);
        if (specimen !== undefined) return { found: 'specimen', entry, specimen, source };
      }
      return { found: 'none', message: `Specimen ${wanted} is not on the ${view.live ? '' : 'kept '}worklist (its results released, or not collected here).` };
    }
    const accession = code.trim().toUpperCase();
    if (parseAccession(accession) !== null) {
      const entry = view.entries.find((candidate) => candidate.accession === accession);
      if (entry !== undefined) return { found: 'request', entry, source };
      return { found: 'none', message: `Accession ${accession} is not on the ${view.live ? '' : 'kept '}worklist.` };
    }
    return { found: 'none', message: `${code.trim()} is not a specimen barcode or accession number (L and ten digits, a check digit that holds, and the container after a dash).` };
  };

  const entryOf = (work: { requestId?: string | undefined; orderId?: string | undefined }): LabWorklistEntry => {
    const entry = kept().find((candidate) => (work.requestId !== undefined && candidate.requestId === work.requestId) || (work.orderId !== undefined && candidate.orderId === work.orderId));
    if (entry === undefined) throw HmsError.notFound(ctx.online() ? 'That request on the lab worklist' : 'That request on the worklist kept here');
    return entry;
  };

  /** The order catalogue's lab tests, read once a session and kept (offline the kept copy). */
  let catalogueRead = false;
  const catalogue = async (): Promise<CatalogueEntry[]> => {
    if (!catalogueRead && ctx.online() && mayCall(methods['orders.catalogue'].access, ctx.roles())) {
      try {
        const { items } = await ctx.connection.call('orders.catalogue', { kind: 'lab' });
        store.keepCatalogue(items);
        catalogueRead = true;
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    return store.catalogue() ?? [];
  };

  const printLabels = async (entry: LabWorklistEntry, specimens: readonly LabSpecimen[]): Promise<LabelOutcome> => {
    try {
      const printed = [];
      for (const document of specimenLabels(entry, specimens)) printed.push(await ctx.printer.print(document));
      return { printed };
    } catch (error) {
      return { error: toHostError(error) };
    }
  };

  /** The kept entry after specimens changed here (received, rejected) before the server's next answer. */
  const keepSpecimens = (changed: readonly LabSpecimen[]) => {
    for (const entry of kept()) {
      if (!entry.specimens.some((specimen) => changed.some((other) => other.barcode === specimen.barcode))) continue;
      const specimens = entry.specimens.map((specimen) => changed.find((other) => other.barcode === specimen.barcode) ?? specimen);
      const rejected = new Set(changed.filter((specimen) => specimen.status === 'rejected').flatMap((specimen) => specimen.tests));
      const received = new Set(changed.filter((specimen) => specimen.status === 'received').flatMap((specimen) => specimen.tests));
      const tests = entry.tests.map((test) => rejected.has(test.code) ? { ...test, status: 'awaiting_collection' as const }
        : received.has(test.code) && test.status === 'collected' ? { ...test, status: 'received' as const } : test);
      store.keepEntry({ ...entry, specimens, tests });
    }
  };

  const specimensByBarcode = (barcodes: readonly string[]): LabSpecimen[] => {
    const all = kept().flatMap((entry) => entry.specimens);
    return barcodes.map((barcode) => {
      const specimen = all.find((candidate) => candidate.barcode === barcode);
      if (specimen === undefined) throw HmsError.notFound(`Specimen ${barcode} on the worklist kept here`);
      return specimen;
    });
  };

  const collect = async (params: { requestId?: string | undefined; orderId?: string | undefined; containers: Array<{ container: LabSpecimen['container']; tests: string[] }> }): Promise<CollectOutcome> => {
    const entry = kept().find((candidate) => (params.requestId !== undefined && candidate.requestId === params.requestId) || (params.orderId !== undefined && candidate.orderId === params.orderId));
    const label = `Collect ${params.containers.flatMap((container) => container.tests).join(', ')} · ${entry === undefined ? 'a patient' : `${entry.patientName} (${entry.mrn})`}`;
    let offline: { entry: LabWorklistEntry; specimens: LabSpecimen[] } | undefined;
    const send = params.orderId !== undefined ? { orderId: params.orderId, containers: params.containers } : { requestId: params.requestId!, containers: params.containers };
    const outcome = await ctx.writes.send('lab.collect', send, {
      label,
      whenQueued: () => {
        if (entry === undefined) throw new HmsError('UNAVAILABLE', 'This request is not on the worklist kept here; it cannot be collected offline.');
        const collectedAt = ctx.now().toISOString();
        // A doctor's order names its order and the accession (the server makes the request from
        // them on replay); a walk-in its request, retargeted to the server's id once it is registered.
        const accession = entry.accession ?? pool.take(entry.orderId === null ? `request:${entry.requestId ?? ''}` : `order:${entry.orderId}`, ctx.now());
        if (accession === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached and this desk has no accession numbers left in hand to label with. Collect when the server is back.');
        const requestId = entry.requestId ?? ctx.randomUUID();
        const taken = new Set(params.containers.flatMap((container) => container.tests));
        const specimens: LabSpecimen[] = params.containers.map((container, index) => ({
          id: ctx.randomUUID(), requestId, barcode: specimenBarcode(accession, entry.specimens.length + index + 1), container: container.container, status: 'collected',
          tests: [...container.tests], collectedAt, collectedByName: ctx.username() ?? 'This desk', receivedAt: null, rejectedAt: null, rejectionReason: null, rejectionNote: null,
          recollectionOf: entry.specimens.find((specimen) => specimen.status === 'rejected' && specimen.tests.some((code) => container.tests.includes(code)))?.id ?? null,
        }));
        const after: LabWorklistEntry = {
          ...entry, requestId, accession, specimens: [...entry.specimens, ...specimens],
          tests: entry.tests.map((test) => taken.has(test.code) ? { ...test, status: 'collected' as const } : test),
        };
        offline = { entry: after, specimens };
        return {
          params: entry.orderId !== null ? { orderId: entry.orderId, containers: params.containers, accession, collectedAt } : { requestId, containers: params.containers, collectedAt },
          alongside: () => store.keepEntry(after),
        };
      },
    });
    if (outcome.status === 'applied') {
      store.keepEntry(outcome.result.entry);
      changedHere();
      worklist.changed();
      return { status: 'applied', entry: outcome.result.entry, specimens: outcome.result.specimens, labels: await printLabels(outcome.result.entry, outcome.result.specimens) };
    }
    changedHere();
    const queued = offline!;
    return { status: 'queued', key: outcome.entry.idempotencyKey, entry: queued.entry, specimens: queued.specimens, labels: await printLabels(queued.entry, queued.specimens) };
  };

  const writes: SpecimenPart['writes'] = {
    'lab.collect': {
      applied: ({ entry }) => {
        store.keepEntry(entry);
        changedHere();
      },
      refused: () => worklist.changed(0),
    },
    'lab.registerWalkIn': {
      applied: ({ entry }) => {
        // A walk-in registered offline had an id of this desk's: the collections queued under it take the server's.
        const provisional = kept().find((candidate) => candidate.accession === entry.accession && candidate.requestId !== entry.requestId)?.requestId;
        if (provisional !== null && provisional !== undefined && entry.requestId !== null) {
          ctx.outbox?.retarget(({ method, params }) => {
            if (method !== 'lab.collect' || (params as { requestId?: string }).requestId !== provisional) return undefined;
            return { ...(params as object), requestId: entry.requestId };
          });
        }
        const before = kept().find((candidate) => sameEntry(candidate, entry));
        // The specimens collected offline stay on the kept entry until their own replay answers.
        store.keepEntry(before === undefined ? entry : { ...entry, specimens: before.specimens, tests: before.tests.map((test) => ({ ...test, id: entry.tests.find((other) => other.code === test.code)?.id ?? test.id })) });
        changedHere();
      },
      refused: () => worklist.changed(0),
    },
    'lab.receive': { applied: ({ specimens }) => keepSpecimens(specimens), refused: () => worklist.changed(0) },
    'lab.reject': { applied: ({ specimen }) => keepSpecimens([specimen]), refused: () => worklist.changed(0) },
  };

  return {
    writes,
    async whenOnline() {
      catalogueRead = false;
      await pool.topUp(ctx.now()).catch(() => undefined);
    },
    handlers: {
      'lab.worklist': async () => {
        ctx.requireSession();
        requireAccess('lab.worklist');
        await worklist.follow();
        void pool.topUp(ctx.now()).catch(() => undefined);
        return worklist.view();
      },
      'lab.find': async ({ code }) => {
        ctx.requireSession();
        requireAccess('lab.worklist');
        await worklist.follow();
        return find(code);
      },
      'lab.collectionPlan': async (work) => {
        ctx.requireSession();
        requireAccess('lab.collect');
        await worklist.follow();
        const entry = entryOf(work);
        const specimens = specimenIndex(await catalogue());
        return { entry, groups: groupByContainer(entry.tests, (code) => specimens[code]), source: worklist.view().live ? 'server' : 'cache' };
      },
      'lab.collect': async (params) => {
        ctx.requireSession();
        requireAccess('lab.collect');
        return collect(params);
      },
      'lab.printLabels': async ({ barcodes }) => {
        ctx.requireSession();
        requireAccess('lab.collect');
        const specimens = specimensByBarcode(barcodes);
        const entry = kept().find((candidate) => candidate.specimens.some((specimen) => specimen.barcode === barcodes[0]))!;
        return printLabels(entry, specimens);
      },
      'lab.receive': async ({ barcodes }) => {
        ctx.requireSession();
        requireAccess('lab.receive');
        let queued: LabSpecimen[] = [];
        const outcome = await ctx.writes.send('lab.receive', { barcodes }, {
          label: `Receive ${barcodes.join(', ')}`,
          whenQueued: () => {
            const receivedAt = ctx.now().toISOString();
            // What the server would refuse is refused here too, so nothing queued is bound to fail.
            queued = specimensByBarcode(barcodes).map((specimen) => {
              if (specimen.status === 'received') throw HmsError.conflict(`${specimen.barcode} is already received.`, { reason: 'already_received', barcode: specimen.barcode });
              if (specimen.status === 'rejected') throw HmsError.conflict(`${specimen.barcode} was rejected.`, { reason: 'specimen_rejected', barcode: specimen.barcode });
              return { ...specimen, status: 'received' as const, receivedAt };
            });
            return { params: { barcodes, receivedAt }, alongside: () => keepSpecimens(queued) };
          },
        });
        if (outcome.status === 'applied') {
          keepSpecimens(outcome.result.specimens);
          changedHere();
          worklist.changed();
          return { status: 'applied', specimens: outcome.result.specimens };
        }
        changedHere();
        return { status: 'queued', key: outcome.entry.idempotencyKey, specimens: queued };
      },
      'lab.reject': async ({ barcode, reason, note }) => {
        ctx.requireSession();
        requireAccess('lab.reject');
        let queued: LabSpecimen[] = [];
        const params = note === undefined || note === '' ? { barcode, reason } : { barcode, reason, note };
        const outcome = await ctx.writes.send('lab.reject', params, {
          label: `Reject ${barcode} (${reason})`,
          whenQueued: () => {
            const [specimen] = specimensByBarcode([barcode]);
            if (specimen!.status === 'rejected') throw HmsError.conflict(`${barcode} is already rejected.`, { reason: 'already_rejected', barcode });
            queued = [{ ...specimen!, status: 'rejected', rejectedAt: ctx.now().toISOString(), rejectionReason: reason, rejectionNote: note ?? null }];
            return { params, alongside: () => keepSpecimens(queued) };
          },
        });
        if (outcome.status === 'applied') {
          keepSpecimens([outcome.result.specimen]);
          changedHere();
          worklist.changed();
          return { status: 'applied', specimens: [outcome.result.specimen] };
        }
        changedHere();
        return { status: 'queued', key: outcome.entry.idempotencyKey, specimens: queued };
      },
      'lab.registerWalkIn': async ({ patient, ...params }) => {
        ctx.requireSession();
        requireAccess('lab.registerWalkIn');
        let queued: LabWorklistEntry | undefined;
        const outcome = await ctx.writes.send('lab.registerWalkIn', params, {
          label: `Walk-in ${params.tests.join(', ')} · ${patient.name} (${patient.mrn})`,
          whenQueued: () => {
            const requestId = ctx.randomUUID();
            const accession = pool.take(`request:${requestId}`, ctx.now());
            if (accession === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached and this desk has no accession numbers left in hand. Register the walk-in when the server is back.');
            const recordedAt = ctx.now().toISOString();
            const sections = new Map((store.catalogue() ?? []).flatMap((item) => item.kind === 'lab' ? [[item.code, item] as const] : []));
            queued = {
              requestId, accession, orderId: null, patientId: params.patientId, mrn: patient.mrn, patientName: patient.name, priority: params.priority,
              orderedAt: recordedAt, requestedBy: params.referringClinician, specimens: [],
              tests: params.tests.map((code) => ({ id: null, orderItemId: null, code, name: sections.get(code)?.name ?? code, section: sections.get(code)?.section ?? 'chemistry', status: 'awaiting_collection' })),
            };
            const made = queued;
            return { params: { ...params, accession, recordedAt }, freshKey: false, alongside: () => store.keepEntry(made) };
          },
        });
        if (outcome.status === 'applied') {
          store.keepEntry(outcome.result.entry);
          changedHere();
          worklist.changed();
          return { status: 'applied', entry: outcome.result.entry };
        }
        changedHere();
        return { status: 'queued', key: outcome.entry.idempotencyKey, entry: queued! };
      },
      'lab.catalogue': async () => {
        ctx.requireSession();
        requireAccess('lab.registerWalkIn');
        return (await catalogue()).filter((item) => item.kind === 'lab');
      },
      'lab.accessions': async () => {
        ctx.requireSession();
        requireAccess('lab.reserveAccessions');
        await pool.topUp(ctx.now()).catch(() => undefined);
        return pool.status(ctx.now());
      },
    },
  };
}
