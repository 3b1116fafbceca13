import { QueueBoardSchema } from '@hms/core';
import type { QueueBoard } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const StoredBoardSchema = z.object({ serverUrl: z.string(), asOf: z.string(), board: QueueBoardSchema });

/**
 * The last queue board of each department a desk watched, as read from one server: what the
 * desk shows offline. Each desk keeps its own (under its prefix: `reception.board.OPD`).
 */
export class BoardStore {
  private readonly values: KeyValueStore;
  private readonly prefix: string;

  constructor(values: KeyValueStore, prefix: string) {
    this.values = values;
    this.prefix = prefix;
  }

  board(serverUrl: string, department: string): { board: QueueBoard; asOf: string } | undefined {
    const stored = this.values.getValue(this.key(department), StoredBoardSchema);
    return stored?.serverUrl === serverUrl ? { board: stored.board, asOf: stored.asOf } : undefined;
  }

  saveBoard(serverUrl: string, board: QueueBoard, asOf: string): void {
    this.values.setValue(this.key(board.department), { serverUrl, asOf, board });
  }

  private key(department: string): string {
    return `${this.prefix}.board.${department}`;
  }
}
