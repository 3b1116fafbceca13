import type { OfflineWrite } from '../../app/desk-module.js';

/**
 * How the outbox names results entered offline. A refused one (its order cancelled meanwhile,
 * the specimen rejected) has nothing to correct on this desk: it is sent again as it was once
 * the cause is dealt with, or discarded with the reason, and stays on record either way.
 */
export const resultOfflineWrites: { readonly 'lab.enterResults': OfflineWrite<'lab.enterResults'> } = {
  'lab.enterResults': { label: 'Lab results' },
};
