import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScannerSettingsSchema } from '../../../shared/settings.js';
import { ptyPair } from '../../test-support/socat.js';
import { waitUntil } from '../../test-support/wait.js';
import { SerialScanner } from './serial-scanner.js';
import type { SerialScannerState } from './serial-scanner.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-scanner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function write(port: SerialPort, text: string): Promise<void> {
  return new Promise((resolve, reject) => port.write(text, (error) => (error ? reject(error) : port.drain(() => resolve()))));
}

describe('SerialScanner through a socat pseudo-terminal pair', () => {
  it('reads codes framed by the configured terminator, and stops when disabled', async () => {
    const pair = await ptyPair(dir, 'scanner');
    const codes: string[] = [];
    const states: SerialScannerState['state'][] = [];
    const scanner = new SerialScanner({ onScan: (code) => codes.push(code), onState: (state) => states.push(state.state) });
    const device = new SerialPort({ path: pair.peer, baudRate: 19_200 });
    try {
      await new Promise<void>((resolve, reject) => device.once('open', resolve).once('error', reject));
      const settings = ScannerSettingsSchema.parse({}).serial;
      const state = await scanner.configure({ ...settings, enabled: true, path: pair.device, baudRate: 19_200, terminator: 'CRLF' });
      expect(state).toEqual({ state: 'open', path: pair.device });

      await write(device, 'HMS-000123\r\n');
      await write(device, 'HMS-00');
      await write(device, '0124\r\n');
      await waitUntil(() => codes.length === 2, 'two scans');
      expect(codes).toEqual(['HMS-000123', 'HMS-000124']);

      await scanner.configure({ ...settings, enabled: false, path: pair.device });
      expect(scanner.state).toEqual({ state: 'off' });
      await write(device, 'HMS-000125\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(codes).toHaveLength(2);
      expect(states).toEqual(['open', 'off']);
    } finally {
      await scanner.stop();
      await new Promise<void>((resolve) => (device.isOpen ? device.close(() => resolve()) : resolve()));
      await pair.stop();
    }
  });

  it('reports a port that is not there, and opens it once it appears', async () => {
    const scanner = new SerialScanner({ onScan: () => undefined, retryMs: 50 });
    const path = join(dir, 'plugged-scanner');
    try {
      const state = await scanner.configure({ ...ScannerSettingsSchema.parse({}).serial, enabled: true, path });
      expect(state.state).toBe('error');
      if (state.state === 'error') expect(state.message).toContain(path);
      // The scanner is plugged in: socat creates the device under that name.
      const pair = await ptyPair(dir, 'usb');
      try {
        await symlink(pair.device, path);
        await waitUntil(() => scanner.state.state === 'open', 'the port to open', 5_000);
      } finally {
        await scanner.stop();
        await pair.stop();
      }
    } finally {
      await scanner.stop();
    }
  });
});
