import { useCallback, useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import type { WorkstationSettings } from '../../../shared/settings.js';
import { fieldErrors } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';

export interface SettingsDraft {
  draft: WorkstationSettings | undefined;
  update(change: (draft: WorkstationSettings) => WorkstationSettings): void;
  dirty: boolean;
  saving: boolean;
  error: HostError | undefined;
  fields: Record<string, string>;
  /** Saves the draft; resolves to whether it was saved. */
  save(): Promise<boolean>;
  reset(): void;
  savedAt: number | undefined;
}

/** An editable copy of the workstation's settings; the host validates and stores it on save. */
export function useSettingsDraft(): SettingsDraft {
  const model = useModel();
  const { settings } = useWorkstation();
  const [draft, setDraft] = useState<WorkstationSettings | undefined>(settings);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [savedAt, setSavedAt] = useState<number | undefined>();
  useEffect(() => {
    setDraft((current) => current ?? settings);
  }, [settings]);
  const dirty = draft !== undefined && settings !== undefined && JSON.stringify(draft) !== JSON.stringify(settings);

  const save = useCallback(async () => {
    if (draft === undefined) return false;
    setSaving(true);
    const result = await model.saveSettings(draft);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setError(undefined);
    setDraft(result.value);
    setSavedAt(Date.now());
    return true;
  }, [draft, model]);

  return {
    draft,
    update: (change) => setDraft((current) => (current === undefined ? current : change(current))),
    dirty,
    saving,
    error,
    fields: fieldErrors(error),
    save,
    reset: () => {
      setDraft(settings);
      setError(undefined);
    },
    savedAt,
  };
}

/** An integer from a text box, or the fallback while the box is empty or not a number. */
export function toInt(value: string, fallback: number): number {
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}
