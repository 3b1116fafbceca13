import { LINK_STATES } from '@hms/core';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { liveState } from './live-state.js';

/** Labels of one interface's series: its id (stable) and name (for people; configured by IT, never patient data). */
interface Named {
  id: string;
  name: string;
}

const labelsOf = (named: Named) => ({ interface_id: named.id, interface: named.name });

/** What a runner counts of its own interface. */
export interface InterfaceMeter {
  received(count?: number): void;
  sent(count?: number): void;
  error(): void;
  /** From a message's last byte in to its acknowledgement written (ASTM: the held last frame's ACK). */
  acknowledged(seconds: number): void;
}

/**
 * Per-interface series on the server's /metrics: messages in and out, errors, ACK latency
 * (counted as they happen), and the link state, open connections and last message time of
 * every running interface (read from the live state when scraped).
 */
export class InterfaceMetrics {
  private readonly messages: Counter<'interface_id' | 'interface' | 'direction'>;
  private readonly errors: Counter<'interface_id' | 'interface'>;
  private readonly ackSeconds: Histogram<'interface_id' | 'interface'>;

  constructor(registry: Registry, running: () => readonly Named[]) {
    const registers = [registry];
    this.messages = new Counter({ name: 'hms_interface_messages_total', help: 'Instrument interface messages received (in) and sent (out: ACKs, query answers).', labelNames: ['interface_id', 'interface', 'direction'], registers });
    this.errors = new Counter({ name: 'hms_interface_errors_total', help: 'Instrument interface errors: line, framing and storage failures (the last one is in interfaces.list).', labelNames: ['interface_id', 'interface'], registers });
    this.ackSeconds = new Histogram({
      name: 'hms_interface_ack_seconds', help: 'From a message received to its acknowledgement written, after the commit.', labelNames: ['interface_id', 'interface'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    });
    new Gauge({
      name: 'hms_interface_link_state', help: 'The link state of each running interface: 1 on its current state.', labelNames: ['interface_id', 'interface', 'state'], registers,
      collect() {
        this.reset();
        for (const named of running()) {
          const current = liveState(named.id).state;
          for (const state of LINK_STATES) this.set({ ...labelsOf(named), state }, state === current ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'hms_interface_connections', help: 'Open connections of each running interface (a serial port open counts one).', labelNames: ['interface_id', 'interface'], registers,
      collect() {
        this.reset();
        for (const named of running()) this.set(labelsOf(named), liveState(named.id).connections);
      },
    });
    new Gauge({
      name: 'hms_interface_last_message_timestamp_seconds', help: 'When each running interface last took a message (Unix seconds; absent before the first).', labelNames: ['interface_id', 'interface'], registers,
      collect() {
        this.reset();
        for (const named of running()) {
          const at = liveState(named.id).lastMessageAt;
          if (at !== null) this.set(labelsOf(named), Date.parse(at) / 1000);
        }
      },
    });
  }

  meter(named: Named): InterfaceMeter {
    const labels = labelsOf(named);
    return {
      received: (count = 1) => this.messages.inc({ ...labels, direction: 'in' }, count),
      sent: (count = 1) => this.messages.inc({ ...labels, direction: 'out' }, count),
      error: () => this.errors.inc(labels),
      acknowledged: (seconds) => this.ackSeconds.observe(labels, seconds),
    };
  }
}
