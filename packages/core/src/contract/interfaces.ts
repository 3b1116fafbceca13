import { z } from 'zod';
import { CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, text } from '../common.js';
import type { Role } from '../roles.js';
import type { EventSpec, MethodSpec } from './method.js';
import { defineMethod } from './method.js';

/**
 * Lab instrument bridges (issue 14): analyzers and feeds speaking HL7 v2 over MLLP or ASTM
 * E1381/E1394 over serial or TCP, their analyzer-code mappings, and the log of every raw message.
 *
 * Who may do what: the administrator (IT) configures interfaces and mappings; the lab reads the
 * interfaces' state, the message log and the unmapped codes, and the lab supervisor may replay a
 * message once its mapping is fixed. The raw messages carry patient data: reading one is audited.
 */
export const INTERFACE_ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];
export const INTERFACE_READER_ROLES = ['admin', 'lab_technician', 'lab_supervisor'] as const satisfies readonly Role[];
export const INTERFACE_REPLAY_ROLES = ['admin', 'lab_supervisor'] as const satisfies readonly Role[];

export const INTERFACE_PROTOCOLS = ['hl7', 'astm'] as const;
export type InterfaceProtocol = (typeof INTERFACE_PROTOCOLS)[number];
export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
/**
 * An inbound message's processing: received (stored, not yet read), parsed (read, but some codes
 * unmapped or no specimen: waiting for attention), mapped (every result mapped, waiting for the
 * lab to take it), applied (on the specimen, awaiting validation), rejected (AE/AR: not
 * applicable as sent), error (our fault: an exception while applying). Outbound rows are `sent`.
 */
export const MESSAGE_STATUSES = ['received', 'parsed', 'mapped', 'applied', 'rejected', 'error', 'sent'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** What a runner is doing right now (not stored: it is the server process's view). */
export const LINK_STATES = ['disabled', 'starting', 'listening', 'connecting', 'connected', 'waiting', 'failed'] as const;
export type LinkState = (typeof LINK_STATES)[number];

const port = z.number().int().min(1, 'at least 1').max(65_535, 'at most 65535');
const hostName = z.string().min(1, 'must not be empty').max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address');

export const TransportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp-server'), port, host: hostName.optional() }),
  z.object({ kind: z.literal('tcp-client'), host: hostName, port }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1).max(200).regex(/^\/dev\/[A-Za-z0-9/._-]+$|^[A-Za-z0-9/._-]+$|^COM\d{1,3}$/, 'a serial device such as /dev/ttyUSB0'),
    baudRate: z.number().int().refine((value) => [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200].includes(value), 'one of 1200 ... 115200'),
    dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
    parity: z.enum(['none', 'even', 'odd']).optional(),
    stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
    flowControl: z.enum(['none', 'rtscts', 'xonxoff']).optional(),
  }),
]);
export type Transport = z.infer<typeof TransportSchema>;

/** Per-analyzer settings for known quirks (what packages/hl7 supports). */
export const InterfaceOptionsSchema = z.object({
  /** Overrides the charset a sender declares (MSH-18) or implies: for senders that declare one and send another. */
  charset: z.enum(['utf-8', 'latin1', 'windows-1252', 'ascii']).optional(),
  /** ASTM: accept frames with bad checksums, wrong frame numbers, over 240 bytes (with a warning). */
  lenient: z.boolean().optional(),
  /** ASTM: which component of R-3 holds the test code (default: the first component that is not empty; 7 for GeneXpert's analyte). */
  testCodeComponent: z.number().int().min(1).max(9).optional(),
  /** HL7: which field carries the accession (default: SPM-2, else OBR-3, else OBR-2). */
  accessionField: z.enum(['SPM-2', 'OBR-3', 'OBR-2']).optional(),
  /**
   * Orders out: set on an analyzer or middleware that takes orders. A specimen's tests mapped on
   * this interface are sent when it is `collected` or `received` (default): HL7 as OML^O21
   * (default) or ORM^O01 over its own MLLP connection to host:port (required for HL7), ASTM as an
   * order download (H/P/O/L) on the interface's own line. `cancels` sends a cancel (HL7 ORC-1 CA,
   * ASTM O-12 C) for a sent order whose test is cancelled or whose specimen is rejected.
   */
  orders: z.object({
    on: z.enum(['collected', 'received']).optional(),
    hl7Message: z.enum(['OML^O21', 'ORM^O01']).optional(),
    host: hostName.optional(),
    port: port.optional(),
    cancels: z.boolean().optional(),
  }).strict().optional(),
}).strict();
export type InterfaceOptions = z.infer<typeof InterfaceOptionsSchema>;

export const LiveStateSchema = z.object({
  state: z.enum(LINK_STATES),
  since: InstantSchema.nullable(),
  /** Open connections (a TCP server may have several senders). */
  connections: z.number().int(),
  lastMessageAt: InstantSchema.nullable(),
  lastError: z.string().nullable(),
  /** When the next connection attempt is due, while backing off. */
  retryAt: InstantSchema.nullable(),
});
export type LiveState = z.infer<typeof LiveStateSchema>;

export const InterfaceSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  protocol: z.enum(INTERFACE_PROTOCOLS),
  transport: TransportSchema,
  options: InterfaceOptionsSchema,
  enabled: z.boolean(),
  version: z.number().int(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type InstrumentInterface = z.infer<typeof InterfaceSchema>;

export const MappingSchema = z.object({
  interfaceId: UuidSchema,
  analyzerCode: z.string(),
  testCode: z.string(),
  analyte: z.string().nullable(),
  unit: z.string().nullable(),
  updatedAt: InstantSchema,
});
export type InterfaceMapping = z.infer<typeof MappingSchema>;

export const MessageSummarySchema = z.object({
  id: UuidSchema,
  interfaceId: UuidSchema,
  direction: z.enum(MESSAGE_DIRECTIONS),
  at: InstantSchema,
  kind: z.string(),
  controlId: z.string().nullable(),
  sender: z.string().nullable(),
  status: z.enum(MESSAGE_STATUSES),
  reason: z.string().nullable(),
  accession: z.string().nullable(),
  unmappedCodes: z.array(z.string()),
  replyTo: UuidSchema.nullable(),
  replays: z.number().int(),
  bytes: z.number().int(),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

/** One field of a parsed segment or record, named where the standard names it. */
export const ParsedFieldSchema = z.object({ position: z.string(), name: z.string().nullable(), value: z.string() });
export const ParsedSegmentSchema = z.object({ id: z.string(), name: z.string().nullable(), fields: z.array(ParsedFieldSchema) });

export const MessageDetailSchema = MessageSummarySchema.extend({
  /** The bytes as received, decoded as Latin-1 (byte for byte) so nothing is lost in display. */
  raw: z.string(),
  rawBase64: z.string(),
  parsed: z.object({ ok: z.boolean(), error: z.string().nullable(), segments: z.array(ParsedSegmentSchema) }),
  duplicates: z.number().int(),
  /** When housekeeping removed the body (the retention limit passed); raw is then empty and the row's metadata stays. */
  rawRemovedAt: InstantSchema.nullable(),
});
export type MessageDetail = z.infer<typeof MessageDetailSchema>;

/** The message log's retention: raw bodies older than this many days are removed by housekeeping (metadata kept). */
export const InterfaceSettingsSchema = z.object({
  messageRetentionDays: z.number().int(),
  updatedAt: InstantSchema,
});
export type InterfaceSettings = z.infer<typeof InterfaceSettingsSchema>;

/**
 * The lab supervisor's auto-verification rule for one test (issue 14): instrument results of that
 * test that pass every check it sets are technically validated by the rule (and released, if it
 * says so) without a person. A critical value never passes. Each change is a new version; an
 * auto-verified result records the version that passed it.
 */
export const AutoVerifyRuleSchema = z.object({
  testCode: z.string(),
  version: z.number().int(),
  enabled: z.boolean(),
  /** Every value has a reference range and is within it (no lab flag H, L or A). */
  withinRange: z.boolean(),
  /** The analyzer sent no abnormal flag (OBX-8 / R-7 other than N). */
  noAnalyzerFlags: z.boolean(),
  /** Delta check: at most this many percent from the patient's last released value of the analyte within `deltaDays` (none in that time passes); null: no delta check. */
  deltaPercent: z.number().nullable(),
  deltaDays: z.number().int().nullable(),
  /** Passing results are released too (they reach the chart and the ordering doctor); else they wait validated for a person's release. */
  release: z.boolean(),
  createdAt: InstantSchema,
  createdByName: z.string(),
});
export type AutoVerifyRule = z.infer<typeof AutoVerifyRuleSchema>;
export const AUTOVERIFY_RULE_ROLES = ['lab_supervisor'] as const satisfies readonly Role[];

const analyzerCode = text(80);
const interfaceFields = {
  name: text(80),
  protocol: z.enum(INTERFACE_PROTOCOLS),
  transport: TransportSchema,
  options: InterfaceOptionsSchema.optional(),
};

export const interfacesMethods = {
  'interfaces.create': defineMethod({
    summary: 'Add an analyzer or feed (disabled until enabled). CONFLICT when the name is taken or another interface listens on the port or opens the device.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ ...interfaceFields, enabled: z.boolean().optional() }),
    result: z.object({ interface: InterfaceSchema }),
  }),
  'interfaces.update': defineMethod({
    summary: 'Change an interface\'s name, transport or options; `version` must be the one read (CONFLICT stale_version). A running interface restarts with the new settings.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ interfaceId: UuidSchema, version: z.number().int(), name: interfaceFields.name.optional(), transport: TransportSchema.optional(), options: InterfaceOptionsSchema.optional() }),
    result: z.object({ interface: InterfaceSchema }),
  }),
  'interfaces.enable': defineMethod({
    summary: 'Start the interface: its listener, connection or serial port is opened and kept open, with back-off after a loss.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ interfaceId: UuidSchema }),
    result: z.object({ interface: InterfaceSchema }),
  }),
  'interfaces.disable': defineMethod({
    summary: 'Stop the interface: its connections close; nothing logged is lost.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ interfaceId: UuidSchema }),
    result: z.object({ interface: InterfaceSchema }),
  }),
  'interfaces.list': defineMethod({
    summary: 'Every interface with its live state (listening, connected, last message, last error) and its message counts by status.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({
      items: z.array(InterfaceSchema.extend({ live: LiveStateSchema, counts: z.record(z.string(), z.number().int()) })),
    }),
  }),
  'interfaces.mappings': defineMethod({
    summary: 'An interface\'s analyzer-code mappings.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({ interfaceId: UuidSchema }),
    result: z.object({ items: z.array(MappingSchema) }),
  }),
  'interfaces.setMapping': defineMethod({
    summary: 'Map an analyzer\'s test code to a catalogue lab test (and its analyte and unit). VALIDATION when the test is not in the catalogue.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ interfaceId: UuidSchema, analyzerCode, testCode: text(80), analyte: text(80).optional(), unit: text(40).optional() }),
    result: z.object({ mapping: MappingSchema }),
  }),
  'interfaces.unmappedCodes': defineMethod({
    summary: 'Analyzer codes seen in this interface\'s messages that have no mapping yet, with how many messages wait on each.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({ interfaceId: UuidSchema }),
    result: z.object({ items: z.array(z.object({ analyzerCode: z.string(), messages: z.number().int(), lastSeenAt: InstantSchema })) }),
  }),
  'interfaces.messages': defineMethod({
    summary: 'The message log, newest first: by interface, status, accession and time. `attention` lists what needs a person (parsed with unmapped codes, mapped, rejected, error).',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({
      interfaceId: UuidSchema.optional(),
      status: z.enum(MESSAGE_STATUSES).optional(),
      attention: z.boolean().optional(),
      accession: text(40).optional(),
      from: InstantSchema.optional(),
      to: InstantSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: LimitSchema.default(50),
    }),
    result: page(MessageSummarySchema),
  }),
  'interfaces.message': defineMethod({
    summary: 'One message, raw and parsed (segments or records with their fields named). The read is audited: raw messages carry patient data.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({ messageId: UuidSchema }),
    result: z.object({ message: MessageDetailSchema }),
  }),
  'interfaces.replay': defineMethod({
    summary: 'Process an inbound message again with today\'s mappings (after fixing one). An applied message is not applied twice: CONFLICT already_applied.',
    access: INTERFACE_REPLAY_ROLES,
    writes: true,
    params: z.object({ messageId: UuidSchema }),
    result: z.object({ message: MessageSummarySchema }),
  }),
  'interfaces.settings': defineMethod({
    summary: 'The message log\'s settings: how many days raw message bodies are kept.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ settings: InterfaceSettingsSchema }),
  }),
  'interfaces.updateSettings': defineMethod({
    summary:
      'Change how many days raw message bodies are kept (1 to 36500). Housekeeping then removes older bodies of applied and sent messages, keeping each row\'s metadata; ' +
      'messages not yet applied or in the dead-letter list keep their bodies.',
    access: INTERFACE_ADMIN_ROLES,
    writes: true,
    params: z.object({ messageRetentionDays: z.number().int().min(1, 'at least 1 day').max(36_500, 'at most 36500 days') }),
    result: z.object({ settings: InterfaceSettingsSchema }),
  }),
  'interfaces.autoVerifyRules': defineMethod({
    summary: 'The lab\'s auto-verification rules for instrument results, the current version of each test\'s rule.',
    access: INTERFACE_READER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ items: z.array(AutoVerifyRuleSchema) }),
  }),
  'interfaces.setAutoVerifyRule': defineMethod({
    summary:
      'Set a test\'s auto-verification rule (a new version; audited). `version` is the one read (omitted for a first rule; CONFLICT stale_version). ' +
      'VALIDATION when the test is not an active lab test, when a delta check lacks its days, or when an enabled rule checks nothing.',
    access: AUTOVERIFY_RULE_ROLES,
    writes: true,
    params: z.object({
      testCode: text(80),
      version: z.number().int().optional(),
      enabled: z.boolean(),
      withinRange: z.boolean(),
      noAnalyzerFlags: z.boolean(),
      deltaPercent: z.number().positive('more than 0').max(1_000).nullable().optional(),
      deltaDays: z.number().int().positive('at least 1').max(3_650).nullable().optional(),
      release: z.boolean(),
    }),
    result: z.object({ rule: AutoVerifyRuleSchema }),
  }),
} as const satisfies Record<string, MethodSpec>;

export const interfacesEvents = {} as const satisfies Record<string, EventSpec>;
