import { execFile } from 'node:child_process';
import { SerialPort } from 'serialport';
import type { DiscoveredDevices, SerialPortInfo } from '../../../shared/protocol/records.js';

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  try {
    const ports = await SerialPort.list();
    return ports.map((port) => ({
      path: port.path,
      ...(port.manufacturer === undefined ? {} : { manufacturer: port.manufacturer }),
      ...(port.serialNumber === undefined ? {} : { serialNumber: port.serialNumber }),
    }));
  } catch {
    return [];
  }
}

/** CUPS destinations (`lpstat -e`); none when CUPS is not installed. */
export function listPrintQueues(lpstatCommand = 'lpstat'): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(lpstatCommand, ['-e'], { timeout: 5_000 }, (error, stdout) => {
      if (error) resolve([]);
      else resolve(stdout.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
    });
  });
}

export async function discoverDevices(): Promise<DiscoveredDevices> {
  const [serialPorts, queues] = await Promise.all([listSerialPorts(), listPrintQueues()]);
  return { serialPorts, queues };
}
