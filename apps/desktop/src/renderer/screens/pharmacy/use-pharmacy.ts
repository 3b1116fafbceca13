import { useSyncExternalStore } from 'react';
import { useModel } from '../../state/hooks.js';
import { PHARMACY_MODEL } from './pharmacy-model.js';
import type { PharmacyModel, PharmacyState } from './pharmacy-model.js';

export function usePharmacyModel(): PharmacyModel {
  return useModel().desk(PHARMACY_MODEL);
}

export function usePharmacy(): PharmacyState {
  const pharmacy = usePharmacyModel();
  return useSyncExternalStore(pharmacy.subscribe, pharmacy.getSnapshot);
}
