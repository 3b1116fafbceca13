// E1381 / LIS01-A2 byte transcripts (instrument to host: ENQ, frames, EOT) built from the
// record fixtures, each with a framing quirk seen on real lines. The host's replies are not
// part of a transcript; the tests play them against an AstmLink.
import { astmChecksum, checksumHex, encodeAstmFrames } from '../astm/astm-frames.js';
import { encodeText } from '../internal/charset.js';
import { astmRecordsOf, sysmexXn, yumizenH500, cobasC311, pentraXlr } from './astm-instruments.js';

const STX = 0x02;
const ETX = 0x03;
const ETB = 0x17;
const ENQ = 0x05;
const EOT = 0x04;

export interface WireFixture {
  readonly name: string;
  readonly quirks: string;
  /** The bytes the instrument sends, in order. */
  readonly frames: readonly Uint8Array[];
  /** The records (CR-terminated) the host should end up with. */
  readonly records: string;
  /** Whether a strict (non-lenient) link accepts every frame. */
  readonly strictAccepts: boolean;
}

interface Quirk {
  /** Leave out the CR that should end each record before ETX. */
  readonly noCrBeforeEtx?: boolean;
  /** Send the checksum in lowercase hex. */
  readonly lowercase?: boolean;
  /** Sum STX into the checksum as well (a classic off-by-one). */
  readonly sumIncludesStx?: boolean;
  /** Leave out the CR LF after the checksum. */
  readonly noTrailer?: boolean;
}

/** Frames `records` one record per ETX message, with the given quirks. */
function framesWith(records: readonly string[], quirk: Quirk): Uint8Array[] {
  const out: Uint8Array[] = [];
  let fn = 1;
  for (const record of records) {
    const body = encodeText(quirk.noCrBeforeEtx ? record : record + '\r', 'utf-8');
    for (let from = 0; from < body.length; from += 240) {
      const chunk = body.subarray(from, Math.min(body.length, from + 240));
      const last = from + 240 >= body.length;
      const frame = [STX, 0x30 + fn, ...chunk, last ? ETX : ETB];
      const sum = astmChecksum(Uint8Array.from(frame), quirk.sumIncludesStx ? 0 : 1, frame.length);
      const hex = quirk.lowercase ? checksumHex(sum).toLowerCase() : checksumHex(sum);
      frame.push(hex.charCodeAt(0), hex.charCodeAt(1));
      if (!quirk.noTrailer) frame.push(0x0d, 0x0a);
      out.push(Uint8Array.from(frame));
      fn = (fn + 1) % 8;
    }
  }
  return out;
}

function transcript(frames: readonly Uint8Array[]): Uint8Array[] {
  return [Uint8Array.of(ENQ), ...frames, Uint8Array.of(EOT)];
}

const sysmexRecords = astmRecordsOf(sysmexXn);
const yumizenRecords = astmRecordsOf(yumizenH500);
const cobasRecords = astmRecordsOf(cobasC311);
const pentraRecords = astmRecordsOf(pentraXlr);

export const WIRE_FIXTURES: readonly WireFixture[] = [
  {
    name: 'Sysmex XN: one record per frame, by the book',
    quirks: 'None: every record in its own ETX frame, CR before ETX, uppercase checksum, CR LF trailer.',
    frames: transcript(encodeAstmFrames(sysmexXn.text)),
    records: sysmexRecords.join(''),
    strictAccepts: true,
  },
  {
    name: 'HORIBA Yumizen: histogram records over many ETB frames',
    quirks: 'M records of several kilobytes split into 240-byte ETB frames; frame numbers wrap 7 -> 0 inside one record.',
    frames: transcript(encodeAstmFrames(yumizenH500.text)),
    records: yumizenRecords.join(''),
    strictAccepts: true,
  },
  {
    name: 'Analyzer without CR before ETX, lowercase checksum',
    quirks: 'Each record ends straight into ETX, and the checksum comes as lowercase hex; the link must supply the record end when lenient.',
    frames: transcript(framesWith(cobasRecords.map((r) => r.slice(0, -1)), { noCrBeforeEtx: true, lowercase: true })),
    records: cobasRecords.join(''),
    strictAccepts: false,
  },
  {
    name: 'Analyzer whose checksum includes STX',
    quirks: 'Every checksum is off by 0x02 because STX was summed too; only a lenient link takes the data.',
    frames: transcript(framesWith(pentraRecords.map((r) => r.slice(0, -1)), { sumIncludesStx: true })),
    records: pentraRecords.join(''),
    strictAccepts: false,
  },
  {
    name: 'Frames without the CR LF trailer',
    quirks: 'The checksum is the last byte of each frame; the decoder does not wait for CR LF.',
    frames: transcript(framesWith(sysmexRecords.map((r) => r.slice(0, -1)), { noTrailer: true })),
    records: sysmexRecords.join(''),
    strictAccepts: true,
  },
];
