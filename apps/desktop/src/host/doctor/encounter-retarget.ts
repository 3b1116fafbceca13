/**
 * The outbox rewrite of a desk that adopts the server's encounter (encounter_exists on replay):
 * every queued write naming the desk's own encounter id names the server's instead; the rest of
 * its params (a prescription's own id, a note's text) and every other write stay as queued.
 */
export function toServerEncounter(ownId: string, serverId: string): (entry: { params: unknown }) => unknown {
  return ({ params }) => {
    if (typeof params !== 'object' || params === null || (params as { encounterId?: unknown }).encounterId !== ownId) return undefined;
    return { ...params, encounterId: serverId };
  };
}
