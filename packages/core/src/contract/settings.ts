import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, text, wireString } from '../common.js';
import { MRN_FORMAT_MAX_LENGTH, parseMrnFormat } from '../rules/mrn-format.js';
import { isIanaTimeZone } from '../rules/zoned-time.js';
import { REFERENCE_ADMIN_ROLES } from './front-desk-shared.js';
import { defineMethod } from './method.js';

export const TimeZoneSchema = wireString(64, { trim: true })
  .refine(isIanaTimeZone, 'an IANA time zone such as Africa/Nairobi');

/** Checked by the patients area's MRN format parser, so a format that saves is one it can render. */
export const MrnFormatSchema = wireString(MRN_FORMAT_MAX_LENGTH * 2, { trim: true }).superRefine((value, ctx) => {
  try {
    parseMrnFormat(value);
  } catch (error) {
    const fields = (error as { details?: { fields?: Record<string, string> } }).details?.fields;
    ctx.addIssue({ code: 'custom', message: fields?.mrnFormat ?? 'not a valid MRN format' });
  }
});

export const HospitalSettingsSchema = z.object({
  name: z.string(),
  address: z.string().nullable(),
  /** IANA zone: calendar days on the wire ('YYYY-MM-DD') and daily queue tokens follow it. */
  timeZone: z.string(),
  mrnFormat: z.string(),
  updatedAt: InstantSchema,
  /** Today in the hospital's zone, when this was read. */
  serviceDate: CalendarDateSchema,
});
export type HospitalSettings = z.infer<typeof HospitalSettingsSchema>;

export const settingsMethods = {
  'settings.get': defineMethod({
    summary: 'The hospital\'s settings: name, address, time zone, MRN format, and today\'s service date.',
    access: 'anyRole',
    writes: false,
    params: z.object({}),
    result: z.object({ settings: HospitalSettingsSchema }),
  }),
  'settings.update': defineMethod({
    summary: 'Change the hospital\'s name, address, time zone or MRN format. Audited; announced as reference.changed.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({
      name: text(200).optional(),
      address: text(500, { multiline: true }).nullable().optional(),
      timeZone: TimeZoneSchema.optional(),
      mrnFormat: MrnFormatSchema.optional(),
    }),
    result: z.object({ settings: HospitalSettingsSchema }),
  }),
} as const;
