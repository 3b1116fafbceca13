import { z } from 'zod';
import { text } from '../common.js';

/**
 * The tests and examinations a doctor can order. Codes are HMS's own (upper case, no LOINC):
 * a hospital maps them to its analysers' and PACS codes when the lab and imaging issues land.
 */
export const ORDER_KINDS = ['lab', 'radiology'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const LAB_SECTIONS = ['haematology', 'chemistry', 'microbiology', 'serology', 'parasitology', 'urinalysis', 'blood_bank'] as const;
export const IMAGING_MODALITIES = ['xray', 'ultrasound', 'ct', 'mri', 'mammography', 'fluoroscopy'] as const;
export const SPECIMENS = ['blood', 'urine', 'stool', 'sputum', 'csf', 'swab', 'other'] as const;

export const OrderCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,29}$/, 'an order code: upper-case letters, digits and underscores');

export const CatalogueEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('lab'),
    code: OrderCodeSchema,
    name: text(120),
    section: z.enum(LAB_SECTIONS),
    specimen: z.enum(SPECIMENS),
    synonyms: z.array(text(60)).max(10).default([]),
  }),
  z.object({
    kind: z.literal('radiology'),
    code: OrderCodeSchema,
    name: text(120),
    modality: z.enum(IMAGING_MODALITIES),
    synonyms: z.array(text(60)).max(10).default([]),
  }),
]);
export type CatalogueEntry = z.output<typeof CatalogueEntrySchema>;
export type CatalogueEntryInput = z.input<typeof CatalogueEntrySchema>;
