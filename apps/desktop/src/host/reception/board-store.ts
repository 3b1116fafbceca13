import { QueueBoardSchema } from '@hms/core';
import type { QueueBoard } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const StoredBoardSchema = z.object({ serverUrl: z.string(), asOf: z.string(), board: QueueBoardSchema });
const boardKey = (department: string) => `reception.board.${department}`;

/** The last queue board of each department watched, as read from one server: what the desk shows offline. */
export class BoardStore {
  private readonly values: KeyValueStore;

  constructor(values: KeyValueStore) {
    this.values = values;
  }

  board(serverUrl: string, department: string): { board: QueueBoard; asOf: string } | undefined {
    const stored = this.values.getValue(boardKey(department), StoredBoardSchema);
    return stored?.serverUrl === serverUrl ? { board: stored.board, asOf: stored.asOf } : undefined;
  }

  saveBoard(serverUrl: string, board: QueueBoard, asOf: string): void {
    this.values.setValue(boardKey(board.department), { serverUrl, asOf, board });
  }
}
