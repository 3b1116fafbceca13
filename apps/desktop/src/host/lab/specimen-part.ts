import { HmsError, mayCall, methods, parseAccession, parseSpecimenBarcode } from '@hms/core';
import type { MethodName } from '@hms/core';
import type { labSpecimenRequests, labSpecimenWrites } from '../../shared/lab/specimen-requests.js';
import type { LabFindOutcome } from '../../shared/lab/views.js';
import type { HostHandlers } from '../../shared/protocol/channels.js';
import type { OfflineWrite } from '../writes/offline-writes.js';
import type { LabPartContext } from './lab-part.js';

export type SpecimenChannel = keyof typeof labSpecimenRequests;
export type SpecimenWrite = (typeof labSpecimenWrites)[number];

/**
 * The lab desk's specimen side in the host: the worklist it follows and keeps, finding what a
 * scanned label names, collection with its labels, receipt, rejection and walk-ins.
 */
export function specimenPart(part: LabPartContext): { handlers: Pick<HostHandlers, SpecimenChannel>; writes: { readonly [M in SpecimenWrite]: OfflineWrite<M> } } {
  const { ctx, worklist } = part;
  const requireAccess = (method: MethodName) => {
    if (!mayCall(methods[method].access, ctx.roles())) throw new HmsError('FORBIDDEN', 'The lab desk is for the laboratory.', { method });
  };

  const find = (code: string): LabFindOutcome => {
    const view = worklist.view();
    const source = view.live ? 'server' : 'cache';
    const barcode = parseSpecimenBarcode(code);
    if (barcode !== null) {
      const wanted = `${barcode.accession}-${barcode.containerNumber}`;
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

  return {
    handlers: {
      'lab.worklist': async () => {
        ctx.requireSession();
        requireAccess('lab.worklist');
        await worklist.follow();
        return worklist.view();
      },
      'lab.find': async ({ code }) => {
        ctx.requireSession();
        requireAccess('lab.worklist');
        await worklist.follow();
        return find(code);
      },
    },
    writes: {},
  };
}
