import { SerialPort } from 'serialport';
import { AstmInstrument } from '../interfaces/simulator/astm-instrument.js';
import { ptyPair } from '../interfaces/simulator/pty-pair.js';

export { AstmInstrument, ptyPair };
export type { PtyPair } from '../interfaces/simulator/pty-pair.js';

/** A simulated ASTM analyzer on the far end of a serial line (a pty pair's peer), for desks' browser tests. */
export async function astmInstrumentOn(path: string, baudRate = 9600): Promise<{ instrument: AstmInstrument; close(): Promise<void> }> {
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const opened = new SerialPort({ path, baudRate, autoOpen: false });
    opened.open((error) => (error ? reject(error) : resolve(opened)));
  });
  const instrument = new AstmInstrument({ write: (bytes) => void port.write(Buffer.from(bytes)), onData: (handler) => void port.on('data', handler) });
  return {
    instrument,
    close: () => {
      instrument.stop();
      return new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
    },
  };
}
