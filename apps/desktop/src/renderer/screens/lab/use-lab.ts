import { useSyncExternalStore } from 'react';
import { useModel } from '../../state/hooks.js';
import { LAB_MODEL } from './lab-model.js';
import type { LabModel, LabState } from './lab-model.js';

export function useLabModel(): LabModel {
  return useModel().desk(LAB_MODEL);
}

export function useLab(): LabState {
  const lab = useLabModel();
  return useSyncExternalStore(lab.subscribe, lab.getSnapshot);
}
