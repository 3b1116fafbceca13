import { HmsError, ItemOnHandSchema, mayCall, methods } from '@hms/core';
import { z } from 'zod';
import type { StockLevelsView } from '../../shared/pharmacy/stock-views.js';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import type { DeskContext } from '../desk-module.js';

const KEY = 'pharmacy.stockLevels';
/** Locations kept at most: a desk looks at a few (its dispensary, the main store); the oldest read goes first. */
const MAX_LOCATIONS = 8;

const KeptLocationSchema = z.object({ today: z.string(), asOf: z.string(), items: z.array(ItemOnHandSchema) });
const KeptSchema = z.object({ serverUrl: z.string(), locations: z.record(z.string(), KeptLocationSchema) });
type Kept = z.infer<typeof KeptSchema>;

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * The Stock and Count screens' reads: a location's stock on hand from the server, kept per
 * location in the workstation's key/value area (per server) so the screens show the last copy,
 * marked as such, while the LAN is down. Reading it follows stock levels: `stock.watch` now and
 * after every reconnect (a session step), so `stock.changed` reaches the desk (which publishes
 * `pharmacy.stock` and the screens read again).
 */
export function stockLevelHandlers(ctx: DeskContext<'pharmacy'>): Pick<OwnedHandlers<'pharmacy'>, 'pharmacy.stockLevels'> {
  const serverUrl = () => ctx.settings().serverUrl;
  const kept = (): Kept['locations'] => {
    const stored = ctx.values.getValue(KEY, KeptSchema);
    return stored?.serverUrl === serverUrl() ? stored.locations : {};
  };
  const keep = (locationId: string, copy: Kept['locations'][string]) => {
    const others = Object.entries(kept()).filter(([id]) => id !== locationId).sort(([, a], [, b]) => b.asOf.localeCompare(a.asOf)).slice(0, MAX_LOCATIONS - 1);
    ctx.values.setValue(KEY, { serverUrl: serverUrl(), locations: { ...Object.fromEntries(others), [locationId]: copy } });
  };
  let following = false;
  const follow = async () => {
    if (following) return;
    following = true;
    // The step outlives this user's session: it asks only when the one signed in may follow stock.
    ctx.connection.addSessionStep('pharmacy:stock-levels', async (call) => {
      if (mayCall(methods['stock.watch'].access, ctx.roles())) await call('stock.watch', {});
    }, { runNow: false });
    await ctx.connection.call('stock.watch', {});
  };
  return {
    'pharmacy.stockLevels': async ({ locationId }): Promise<StockLevelsView> => {
      ctx.requireSession();
      if (!mayCall(methods['stock.onHand'].access, ctx.roles())) throw new HmsError('FORBIDDEN', 'Stock levels are for pharmacists, storekeepers and doctors.', { method: 'stock.onHand' });
      if (ctx.online()) {
        try {
          await follow().catch((error: unknown) => {
            following = false;
            throw error;
          });
          const read = await ctx.connection.call('stock.onHand', { locationId });
          const asOf = ctx.now().toISOString();
          keep(locationId, { today: read.today, asOf, items: read.items });
          return { locationId, today: read.today, items: read.items, source: 'server', asOf };
        } catch (error) {
          if (!isUnavailable(error)) throw error;
        }
      }
      const copy = kept()[locationId];
      if (copy === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this workstation has no copy of this location\'s stock yet (it keeps the last one it showed).');
      return { locationId, today: copy.today, items: copy.items, source: 'cache', asOf: copy.asOf };
    },
  };
}
