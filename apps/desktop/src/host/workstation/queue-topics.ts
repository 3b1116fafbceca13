import type { QueueTopicHolders } from '../../shared/queue/queue-boards.js';

/**
 * Which desks of this workstation watch each department's queue. The server's topics are per
 * socket, and every desk shares the one socket: a desk that stops showing a board unsubscribes
 * only when no other desk still follows that department.
 */
export class QueueTopics implements QueueTopicHolders {
  private readonly holders = new Map<string, Set<string>>();

  hold(department: string, holder: string): void {
    const held = this.holders.get(department) ?? new Set<string>();
    held.add(holder);
    this.holders.set(department, held);
  }

  release(department: string, holder: string): boolean {
    const held = this.holders.get(department);
    held?.delete(holder);
    if (held !== undefined && held.size > 0) return false;
    this.holders.delete(department);
    return true;
  }
}
