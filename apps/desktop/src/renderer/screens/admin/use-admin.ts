import { useEffect, useSyncExternalStore } from 'react';
import { useModel } from '../../state/hooks.js';
import { ADMIN_MODEL, LIVE_STATE_POLL_MS } from './admin-model.js';
import type { AdminModel, AdminState } from './admin-model.js';

export function useAdminModel(): AdminModel {
  return useModel().desk(ADMIN_MODEL);
}

export function useAdmin(): AdminState {
  const admin = useAdminModel();
  return useSyncExternalStore(admin.subscribe, admin.getSnapshot);
}

/** Reads the interfaces now and again every couple of seconds while the screen is open: their live state. */
export function useLiveInterfaces(): AdminState {
  const admin = useAdminModel();
  useEffect(() => {
    void admin.loadInterfaces();
    const timer = window.setInterval(() => void admin.loadInterfaces(), LIVE_STATE_POLL_MS);
    return () => window.clearInterval(timer);
  }, [admin]);
  return useAdmin();
}
