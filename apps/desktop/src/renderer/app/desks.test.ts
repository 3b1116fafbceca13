import { methods } from '@hms/core';
import type { Role } from '@hms/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HostInfo } from '../../shared/protocol/status.js';
import { CapabilityNotice } from '../components/CapabilityNotice.js';
import { CAPABILITY_REASONS } from './capabilities.js';
import { RENDERER_DESKS, createDeskRegistry } from './desks.js';

// The desks as registered on this workstation, as the people at them see them.
const registry = createDeskRegistry();
const browser: HostInfo = { kind: 'browser', version: '1', cache: false, outbox: false, serial: false, silentPrinting: false };
const entries = (roles: readonly Role[], desk: string) => registry.navigation(roles).find((section) => section.id === desk)?.entries.map((entry) => entry.label);

describe('the registered desks', () => {
  it('offer a nurse check-in screens but not registration, a doctor the queue board, a cashier no reception at all', () => {
    expect(entries(['receptionist'], 'reception')).toEqual(['Find patient', 'Register patient', 'Queue board']);
    expect(entries(['nurse'], 'reception')).toEqual(['Find patient', 'Queue board']);
    expect(entries(['doctor'], 'reception')).toEqual(['Queue board']);
    expect(entries(['cashier'], 'reception')).toBeUndefined();
    expect(entries(['cashier'], 'workstation')).toEqual(['Outbox', 'Settings']);
  });

  it('offer triage to nurses and doctors (the workstation\'s observations and triage are the nurse desk\'s), never to a receptionist or cashier', () => {
    expect(entries(['nurse'], 'nurse')).toEqual(['Triage list']);
    expect(entries(['doctor'], 'nurse')).toEqual(['Triage list']);
    expect(entries(['receptionist'], 'nurse')).toBeUndefined();
    expect(entries(['cashier'], 'nurse')).toBeUndefined();
    expect(registry.deskAt('triage-patient', ['doctor'])?.id).toBe('nurse');
    expect(registry.deskAt('triage-patient', ['receptionist'])).toBeUndefined();
  });

  it('offer a pharmacist dispensing and the stock screens, a storekeeper the stock screens and locations, an administrator the locations only', () => {
    expect(entries(['pharmacist'], 'pharmacy')).toEqual(['Dispensing', 'Discrepancies', 'Returns', 'Receive goods', 'Stock', 'Count sheet', 'Quarantine', 'Stock reports', 'Recalls', 'Transfers']);
    expect(entries(['storekeeper'], 'pharmacy')).toEqual(['Receive goods', 'Stock', 'Count sheet', 'Quarantine', 'Stock reports', 'Transfers', 'Stock locations']);
    expect(entries(['admin'], 'pharmacy')).toEqual(['Stock locations']);
    expect(registry.deskAt('dispense', ['storekeeper'])).toBeUndefined();
    expect(registry.choose('pharmacy', ['storekeeper'], undefined)?.screen.route).toBe('pharmacy-receive');
    expect(entries(['doctor'], 'pharmacy')).toBeUndefined();
    expect(entries(['nurse'], 'pharmacy')).toBeUndefined();
  });

  it('offer the lab its worklist, receipt and walk-ins (collection and results opened from the worklist), nobody else', () => {
    expect(entries(['lab_technician'], 'lab')).toEqual(['Lab worklist', 'Receive specimens', 'Walk-in']);
    expect(entries(['lab_supervisor'], 'lab')).toEqual(['Lab worklist', 'Receive specimens', 'Walk-in']);
    expect(registry.deskAt('lab-collect', ['lab_technician'])?.id).toBe('lab');
    expect(entries(['doctor'], 'lab')).toBeUndefined();
    expect(entries(['pharmacist'], 'lab')).toBeUndefined();
  });

  it('offer a cashier the cashier desk (the account opened from Find patient), a billing supervisor every open shift, never a doctor, nurse or receptionist: no money screens', () => {
    expect(entries(['cashier'], 'billing')).toEqual(['Find patient', 'My shift']);
    // A supervisor reads no patient records (patients.search) nor keeps a shift of their own.
    expect(entries(['billing_supervisor'], 'billing')).toEqual(['Open shifts']);
    expect(registry.deskAt('cashier-shifts', ['cashier'])).toBeUndefined();
    expect(registry.deskAt('cashier-account', ['cashier'])?.id).toBe('billing');
    expect(registry.choose('cashier-account', ['cashier'], browser)?.selected).toBe('cashier');
    for (const roles of [['doctor'], ['nurse'], ['receptionist'], ['admin'], ['pharmacist']] as Role[][]) {
      expect(entries(roles, 'billing'), roles.join()).toBeUndefined();
      for (const route of ['cashier', 'cashier-account', 'cashier-shift', 'cashier-shifts']) expect(registry.deskAt(route, roles), `${roles.join()} ${route}`).toBeUndefined();
    }
  });

  it('offer the administrator the admin desk\'s Interfaces section (form, test codes and one message opened from it), nobody else', () => {
    expect(entries(['admin'], 'admin')).toEqual(['Interfaces', 'Message log', 'Needs attention']);
    expect(registry.deskAt('admin-mapping', ['admin'])?.id).toBe('admin');
    expect(registry.choose('admin-message', ['admin'], browser)?.selected).toBe('admin-messages');
    expect(registry.choose('admin-interface-new', ['admin'], browser)?.missing).toEqual([]);
    expect(entries(['lab_supervisor'], 'admin')).toBeUndefined();
    expect(entries(['lab_technician'], 'admin')).toBeUndefined();
    expect(entries(['receptionist'], 'admin')).toBeUndefined();
    expect(registry.deskAt('admin-interfaces', ['lab_supervisor'])).toBeUndefined();
  });

  it('run reception whole on a browser workstation; only the outbox says it needs an installed one', () => {
    for (const screen of RENDERER_DESKS.flatMap((desk) => desk.screens)) {
      expect(registry.choose(screen.route, ['receptionist'], browser)?.missing, screen.route).toEqual([]);
    }
    expect(registry.choose('outbox', ['receptionist'], browser)?.missing).toEqual(['outbox']);
  });

  it('register offline writes only for write methods of the contract, each with a label', () => {
    for (const desk of RENDERER_DESKS) {
      for (const [method, write] of Object.entries(desk.offlineWrites)) {
        expect(methods[method as keyof typeof methods].writes, method).toBe(true);
        expect(write?.label.length, method).toBeGreaterThan(0);
      }
    }
  });

  it('a screen missing a capability says so plainly, with why', () => {
    const html = renderToStaticMarkup(createElement(CapabilityNotice, { title: 'Outbox', missing: ['outbox'] }));
    expect(html).toContain('Works only on an installed workstation');
    expect(html).toContain(CAPABILITY_REASONS.outbox);
    expect(html).toContain('This browser workstation works online only');
    const both = renderToStaticMarkup(createElement(CapabilityNotice, { title: 'Scanner check', missing: ['serial', 'cache'] }));
    expect(both).toContain(CAPABILITY_REASONS.serial);
    expect(both).toContain(CAPABILITY_REASONS.cache);
    expect(both).not.toContain(CAPABILITY_REASONS.outbox);
  });
});
