import type { HostDeskModule } from '../desk-module.js';

/**
 * The admin desk's host part: nothing of its own yet. Its screens read and write through the
 * workstation's `server.call` (online only: configuration is never queued offline).
 */
export const adminDesk: HostDeskModule<'admin'> = {
  id: 'admin',
  cacheTables: [],
  cacheMigrations: [],
  create: () => ({ handlers: {}, writes: {} }),
};
