import { useSyncExternalStore } from 'react';
import { useModel } from '../../state/hooks.js';
import { NURSE_MODEL } from './nurse-model.js';
import type { NurseModel, NurseState } from './nurse-model.js';

/** The nurse desk's model, as the workstation registered it. */
export function useNurseModel(): NurseModel {
  return useModel().desk(NURSE_MODEL);
}

export function useNurse(): NurseState {
  const nurse = useNurseModel();
  return useSyncExternalStore(nurse.subscribe, nurse.getSnapshot);
}
