import { REJECTION_REASONS, SPECIMEN_CONTAINERS, SpecimenBarcodeSchema, UuidSchema, methods } from '@hms/core';
import type { CatalogueEntry, MethodName } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { AccessionStatusView, CollectOutcome, CollectionPlan, LabFindOutcome, LabWorklistView, LabelOutcome, SpecimenWriteOutcome, WalkInOutcome } from './views.js';

/** The specimen side's writes that may wait in the outbox. */
export const labSpecimenWrites = ['lab.registerWalkIn', 'lab.collect', 'lab.receive', 'lab.reject'] as const satisfies readonly MethodName[];

/** Which work: the request once it has one, else the doctor's order still waiting for collection. */
const WorkSchema = z.object({ requestId: UuidSchema.optional(), orderId: UuidSchema.optional() })
  .refine((work) => (work.requestId === undefined) !== (work.orderId === undefined), { message: 'name either requestId or orderId', path: ['requestId'] });

const ContainersSchema = z.array(z.object({ container: z.enum(SPECIMEN_CONTAINERS), tests: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,29}$/)).min(1).max(30) })).min(1).max(20);

// The lab desk's specimen side: the worklist it follows and keeps, finding a scanned specimen or
// accession, collection with its labels, receipt, rejection and walk-in registration.
export const labSpecimenRequests = {
  'lab.worklist': hostRequest<LabWorklistView>()({
    owner: 'lab',
    summary: 'Follows the lab worklist (live: lab.changed and orders.changed re-read it) and answers it whole (the screen narrows it by section and text); offline, the copy kept here.',
    payload: NoPayload,
  }),
  'lab.find': hostRequest<LabFindOutcome>()({
    owner: 'lab',
    summary: 'The specimen a scanned or typed barcode names (L2600012344-2), or the request of an accession number (L2600012344), on the worklist; offline, the kept one.',
    payload: z.object({ code: z.string().trim().min(1).max(40) }).strict(),
  }),
  'lab.collectionPlan': hostRequest<CollectionPlan>()({
    owner: 'lab',
    summary: 'A request or waiting order at the collection screen: its tests still to collect, grouped one container per kind (from each test\'s specimen in the order catalogue).',
    payload: WorkSchema,
  }),
  'lab.collect': hostRequest<CollectOutcome>()({
    owner: 'lab',
    summary: 'lab.collect: sent now and a specimen label per container printed at once on the label printer; offline, labelled with an accession of this desk\'s block and queued.',
    payload: z.object({ requestId: UuidSchema.optional(), orderId: UuidSchema.optional(), containers: ContainersSchema }).strict()
      .refine((work) => (work.requestId === undefined) !== (work.orderId === undefined), { message: 'name either requestId or orderId', path: ['requestId'] }),
  }),
  'lab.printLabels': hostRequest<LabelOutcome>()({
    owner: 'lab',
    summary: 'The labels of these specimens again (the printer was out of labels, a tube was relabelled), from the worklist kept here.',
    payload: z.object({ barcodes: z.array(SpecimenBarcodeSchema).min(1).max(20) }).strict(),
  }),
  'lab.receive': hostRequest<SpecimenWriteOutcome>()({
    owner: 'lab',
    summary: 'lab.receive: the scanned specimens received in the lab, all or none; offline, queued with the desk\'s time.',
    payload: methods['lab.receive'].params.pick({ barcodes: true }),
  }),
  'lab.reject': hostRequest<SpecimenWriteOutcome>()({
    owner: 'lab',
    summary: 'lab.reject: a specimen refused with the reason; its tests wait for a recollection (collected again from the worklist).',
    payload: z.object({ barcode: SpecimenBarcodeSchema, reason: z.enum(REJECTION_REASONS), note: z.string().trim().max(300).optional() }).strict(),
  }),
  'lab.registerWalkIn': hostRequest<WalkInOutcome>()({
    owner: 'lab',
    summary: 'lab.registerWalkIn: the lab\'s own reception, with the referring clinician; offline, with an accession of this desk\'s block, queued. `patient` names them on the worklist and labels meanwhile.',
    payload: z.object({
      patientId: UuidSchema,
      patient: z.object({ name: z.string().trim().min(1).max(160), mrn: z.string().trim().min(1).max(40) }),
      referringClinician: z.string().trim().min(1).max(120),
      priority: z.enum(['routine', 'urgent', 'stat']).default('routine'),
      tests: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,29}$/)).min(1).max(30),
    }).strict(),
  }),
  'lab.catalogue': hostRequest<CatalogueEntry[]>()({
    owner: 'lab',
    summary: 'The lab tests of the order catalogue (a walk-in\'s tests are picked from them); offline, the copy kept here.',
    payload: NoPayload,
  }),
  'lab.accessions': hostRequest<AccessionStatusView>()({
    owner: 'lab',
    summary: 'How many accession numbers this desk has in hand for labelling offline, topped up when online.',
    payload: NoPayload,
  }),
} as const;

export const labSpecimenEvents = {
  'lab.worklist': hostEvent<LabWorklistView>()({ owner: 'lab', summary: 'The worklist changed (an order written or cancelled, a specimen collected, received or rejected, a result, the link dropped).' }),
} as const;
