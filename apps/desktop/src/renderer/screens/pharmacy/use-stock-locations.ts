import { mayCall, methods } from '@hms/core';
import type { StockLocation } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { useWorkstation } from '../../state/hooks.js';
import { defaultLocation, shelfLocations } from './stock-model.js';
import { usePharmacyModel } from './use-pharmacy.js';

/** The last answer, so a screen opened while the LAN is down still names the locations (the stock itself is kept by the host). */
let lastLocations: StockLocation[] | undefined;

/** The stock locations for a stock screen's picker, the one chosen (a pharmacist's dispensary, a storekeeper's store first), read again when the link is back. */
export function useStockLocations() {
  const pharmacy = usePharmacyModel();
  const { status } = useWorkstation();
  const online = status?.connection.state === 'connected';
  const session = status?.session;
  const dispenses = mayCall(methods['dispensing.dispense'].access, session === undefined || session.state === 'signedOut' ? undefined : session.user.roles);
  const [locations, setLocations] = useState<StockLocation[] | undefined>(lastLocations);
  const [error, setError] = useState<HostError | undefined>();
  const [locationId, setLocationId] = useState('');
  const load = async () => {
    const result = await pharmacy.locations();
    if (!result.ok) {
      if (lastLocations !== undefined) setLocationId((current) => (current === '' ? defaultLocation(lastLocations ?? [], dispenses) : current));
      return setError(lastLocations === undefined ? result.error : undefined);
    }
    lastLocations = result.value;
    setError(undefined);
    setLocations(result.value);
    setLocationId((current) => (current === '' ? defaultLocation(result.value, dispenses) : current));
  };
  useEffect(() => {
    void load();
  }, [online]);
  const active = shelfLocations(locations ?? []);
  return { locations: active, loaded: locations !== undefined, error, reload: load, locationId, setLocationId, name: (id: string) => active.find((location) => location.id === id)?.name ?? '' };
}
