import { useEffect, useState, useSyncExternalStore } from 'react';
import { editedFields, withoutEdited } from '../../../shared/reception/patient-draft.js';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import { useModel } from '../../state/hooks.js';
import { RECEPTION_MODEL } from './reception-model.js';
import type { ReceptionModel, ReceptionState } from './reception-model.js';

/** The reception desk's model, as the workstation registered it. */
export function useReceptionModel(): ReceptionModel {
  return useModel().desk(RECEPTION_MODEL);
}

export function useReception(): ReceptionState {
  const reception = useReceptionModel();
  return useSyncExternalStore(reception.subscribe, reception.getSnapshot);
}

/** Keeps a department's queue board live while the calling component is shown. */
export function useQueueBoard(department: string | undefined): void {
  const reception = useReceptionModel();
  useEffect(() => (department === undefined || department === '' ? undefined : reception.watchQueue(department)), [reception, department]);
}

/**
 * The field messages of the last answer (`source`: the error they came with) as a patient form
 * shows them: a box's message goes once its value changes, the others stay until the next answer.
 */
export function useDraftErrors(errors: Record<string, string>, source: unknown): {
  errors: Record<string, string>;
  /** Call with the draft before and after each change of the form. */
  edited: (before: PatientDraft, after: PatientDraft) => void;
} {
  const [edits, setEdits] = useState<{ source: unknown; paths: readonly string[] }>({ source, paths: [] });
  return {
    errors: withoutEdited(errors, edits.source === source ? edits.paths : []),
    edited: (before, after) => setEdits((current) => ({
      source,
      paths: [...(current.source === source ? current.paths : []), ...editedFields(before, after)],
    })),
  };
}
