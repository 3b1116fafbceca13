import type { Chart } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { ChartView } from '../../../shared/doctor/views.js';
import { keptCopyAsOf } from './chart-feed.js';

const view = (source: ChartView['source']): ChartView => ({ chart: {} as Chart, source, asOf: '2026-12-02T09:40:00.000Z', watched: source === 'server' });

describe('keptCopyAsOf', () => {
  it('is the server\'s chart, live, while the link is up', () => {
    expect(keptCopyAsOf(view('server'), 'connected')).toBeUndefined();
  });

  it('says a chart read from the server is a kept copy the moment the link drops, before any new read', () => {
    expect(keptCopyAsOf(view('server'), 'offline')).toBe('2026-12-02T09:40:00.000Z');
    expect(keptCopyAsOf(view('server'), 'connecting')).toBe('2026-12-02T09:40:00.000Z');
  });

  it('is a kept copy when the host answered from its cache', () => {
    expect(keptCopyAsOf(view('cache'), 'connected')).toBe('2026-12-02T09:40:00.000Z');
  });

  it('says nothing before the chart is read', () => {
    expect(keptCopyAsOf(undefined, 'offline')).toBeUndefined();
  });
});
