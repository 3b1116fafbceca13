/**
 * The y axis of a vitals trend: the measurement's usual clinical span (so a change of a few
 * units shows, instead of a flat line over 0 to 40 °C), widened to take any reading outside it.
 * Without a usual span (weight), the readings with a tenth either side.
 */
export function trendRange(values: readonly number[], usual: readonly [number, number] | undefined): { min: number; max: number } | undefined {
  if (values.length === 0) return usual === undefined ? undefined : { min: usual[0], max: usual[1] };
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (usual === undefined) {
    const pad = Math.max((high - low) * 0.1, Math.abs(high) * 0.1, 1);
    return { min: Math.max(0, Math.floor(low - pad)), max: Math.ceil(high + pad) };
  }
  const margin = (usual[1] - usual[0]) * 0.05;
  return { min: Math.min(usual[0], Math.floor(low - margin)), max: Math.max(usual[1], Math.ceil(high + margin)) };
}
