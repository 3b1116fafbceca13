import { SerialPort } from 'serialport';
import type { ScannerSettings } from '../../../shared/settings.js';
import { LineFramer } from './line-framer.js';

export type SerialScannerSettings = ScannerSettings['serial'];

export type SerialScannerState = { state: 'off' } | { state: 'open'; path: string } | { state: 'error'; message: string };

export interface SerialScannerDeps {
  onScan(code: string): void;
  onState?(state: SerialScannerState): void;
  /** While the port cannot be opened (unplugged), try again this often. */
  retryMs?: number;
}

/**
 * A serial (or USB-serial) barcode scanner: opens the port from settings, frames codes at the
 * terminator, and reopens the port when it goes away (a cable pulled mid-shift).
 */
export class SerialScanner {
  private readonly deps: SerialScannerDeps;
  private settings: SerialScannerSettings | undefined;
  private port: SerialPort | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stateValue: SerialScannerState = { state: 'off' };

  constructor(deps: SerialScannerDeps) {
    this.deps = deps;
  }

  get state(): SerialScannerState {
    return this.stateValue;
  }

  /** Applies settings: opens, reopens or closes the port as needed. Resolves once the port is open (or failed). */
  async configure(settings: SerialScannerSettings): Promise<SerialScannerState> {
    const same = this.settings !== undefined && JSON.stringify(this.settings) === JSON.stringify(settings);
    if (same && this.stateValue.state === 'open') return this.stateValue;
    await this.close();
    this.settings = settings;
    if (!settings.enabled || settings.path === '') {
      this.setState({ state: 'off' });
      return this.stateValue;
    }
    await this.open(settings);
    return this.stateValue;
  }

  async stop(): Promise<void> {
    this.settings = undefined;
    await this.close();
    this.setState({ state: 'off' });
  }

  private open(settings: SerialScannerSettings): Promise<void> {
    const framer = new LineFramer(settings.terminator);
    const port = new SerialPort({
      path: settings.path,
      baudRate: settings.baudRate,
      dataBits: settings.dataBits,
      parity: settings.parity,
      stopBits: settings.stopBits,
      autoOpen: false,
    });
    return new Promise<void>((resolve) => {
      port.open((error) => {
        if (error) {
          this.setState({ state: 'error', message: `The scanner port ${settings.path} could not be opened: ${error.message}` });
          this.scheduleReopen(settings);
          resolve();
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => {
          for (const code of framer.push(chunk)) this.deps.onScan(code);
        });
        port.on('close', () => {
          if (this.port !== port) return;
          this.port = undefined;
          this.setState({ state: 'error', message: `The scanner port ${settings.path} closed.` });
          this.scheduleReopen(settings);
        });
        port.on('error', () => undefined);
        this.setState({ state: 'open', path: settings.path });
        resolve();
      });
    });
  }

  private scheduleReopen(settings: SerialScannerSettings): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (this.settings === settings) void this.open(settings);
    }, this.deps.retryMs ?? 3_000);
    this.retry.unref();
  }

  private async close(): Promise<void> {
    clearTimeout(this.retry);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private setState(state: SerialScannerState): void {
    this.stateValue = state;
    this.deps.onState?.(state);
  }
}
