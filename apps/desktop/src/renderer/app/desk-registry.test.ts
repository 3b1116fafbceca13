import type { HostInfo } from '../../shared/protocol/status.js';
import { describe, expect, it } from 'vitest';
import type { DeskModel, OfflineWrites, RendererDeskModule } from './desk-module.js';
import { DeskRegistry } from './desk-registry.js';
import type { WorkstationScreen } from './desk-registry.js';

// Components and icons are never rendered here: the registry only routes to them.
const Component = () => null;
const icon = Component as unknown as RendererDeskModule['screens'][number]['icon'];
const model = { key: { id: 'reception' as const }, create: (): DeskModel => ({ subscribe: () => () => undefined, start: () => undefined, load: async () => undefined, reload: async () => undefined, reset: () => undefined }) };

const frontDesk: RendererDeskModule<DeskModel, 'reception'> = {
  id: 'reception',
  label: 'Reception',
  roles: ['receptionist', 'nurse', 'doctor'],
  screens: [
    { route: 'find', label: 'Find patient', icon, roles: ['receptionist', 'nurse'], component: Component },
    { route: 'register', label: 'Register patient', icon, roles: ['receptionist'], component: Component },
    { route: 'board', label: 'Queue board', icon, component: Component },
    { route: 'record', label: 'Patient', icon, component: Component, within: 'find' },
    { route: 'devices', label: 'Scanner check', icon, roles: ['receptionist'], component: Component, needs: ['serial', 'cache'] },
  ],
  model,
  offlineWrites: { 'patients.register': { label: 'Registration' }, 'patients.update': { label: 'Correction' }, 'visits.checkIn': { label: 'Check-in' } },
};

const workstation: WorkstationScreen[] = [
  { route: 'outbox', label: 'Outbox', icon, component: Component, needs: ['outbox'] },
  { route: 'settings', label: 'Settings', icon, component: Component, home: true, keepsScans: true },
];

const desktop: HostInfo = { kind: 'desktop', version: '1', cache: true, outbox: true, serial: true, silentPrinting: true };
const browser: HostInfo = { kind: 'browser', version: '1', cache: false, outbox: false, serial: false, silentPrinting: false };

const registry = new DeskRegistry([frontDesk], workstation);
const listed = (roles: Parameters<DeskRegistry['navigation']>[0]) => registry.navigation(roles).map((section) => [section.title, section.entries.map((entry) => entry.label)]);

describe('the desk registry', () => {
  it('lists a desk only to the roles that see it, and within it only the screens their role sees', () => {
    expect(listed(['receptionist'])).toEqual([
      ['Reception', ['Find patient', 'Register patient', 'Queue board', 'Scanner check']],
      ['Workstation', ['Outbox', 'Settings']],
    ]);
    expect(listed(['nurse'])).toEqual([['Reception', ['Find patient', 'Queue board']], ['Workstation', ['Outbox', 'Settings']]]);
    // A role the desk is not for: no section of it at all, only the workstation's own screens.
    expect(listed(['cashier'])).toEqual([['Workstation', ['Outbox', 'Settings']]]);
    expect(registry.desksFor(['cashier'])).toEqual([]);
  });

  it('opens a screen a role may not see as that role\'s first screen, never the hidden one', () => {
    expect(registry.choose('register', ['nurse'], desktop)?.screen.route).toBe('find');
    expect(registry.choose('register', ['receptionist'], desktop)?.screen.route).toBe('register');
    // No desk for the role: the workstation's home; an unknown route: the first screen.
    expect(registry.choose('register', ['cashier'], desktop)?.screen.route).toBe('settings');
    expect(registry.choose('', ['doctor'], desktop)?.screen.route).toBe('board');
  });

  it('keeps the entry of the screen a record is opened from selected', () => {
    expect(registry.choose('record', ['nurse'], desktop)).toMatchObject({ selected: 'find', desk: frontDesk });
    expect(registry.choose('outbox', ['nurse'], desktop)).toMatchObject({ selected: 'outbox', desk: undefined });
  });

  it('says which capabilities a screen needs that this host lacks', () => {
    expect(registry.choose('devices', ['receptionist'], desktop)?.missing).toEqual([]);
    expect(registry.choose('devices', ['receptionist'], browser)?.missing).toEqual(['serial', 'cache']);
    expect(registry.choose('devices', ['receptionist'], { ...desktop, serial: false })?.missing).toEqual(['serial']);
    expect(registry.choose('outbox', ['receptionist'], browser)?.missing).toEqual(['outbox']);
    expect(registry.choose('find', ['receptionist'], browser)?.missing).toEqual([]);
  });

  it('names an offline write as its desk registered it, and the method itself when no desk did', () => {
    expect(registry.methodLabel('visits.checkIn')).toBe('Check-in');
    expect(registry.offlineWrite('patients.register')?.label).toBe('Registration');
    expect(registry.methodLabel('patients.merge')).toBe('patients.merge');
    expect(registry.offlineWrite('patients.merge')).toBeUndefined();
  });

  it('refuses two desks registering one route, one offline write, or one id', () => {
    // A desk that does not exist is typed loosely: the registry checks any list when it is built.
    const writes = (list: Record<string, { label: string }>) => list as unknown as OfflineWrites<'reception'>;
    const other = (patch: Partial<RendererDeskModule<DeskModel, 'reception'>>): RendererDeskModule<DeskModel, 'reception'> => ({ ...frontDesk, id: 'pharmacy' as never, screens: [], offlineWrites: writes({}), ...patch });
    expect(() => new DeskRegistry([frontDesk, other({ screens: [{ route: 'board', label: 'Board', icon, component: Component }] })], workstation)).toThrow(/Route #\/board/);
    expect(() => new DeskRegistry([frontDesk, other({ offlineWrites: writes({ 'visits.checkIn': { label: 'Arrival' } }) })], workstation)).toThrow(/visits\.checkIn is registered by two desks/);
    expect(() => new DeskRegistry([frontDesk, frontDesk], workstation)).toThrow(/registered twice/);
    expect(() => new DeskRegistry([other({ screens: [{ route: 'x', label: 'X', icon, component: Component, within: 'nowhere' }] })], workstation)).toThrow(/within #\/nowhere/);
  });
});
