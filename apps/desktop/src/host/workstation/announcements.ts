import type { Announcement } from '../../shared/protocol/records.js';
import type { LocalCache } from '../cache/local-cache.js';

const KEEP = 50;

/** The last announcements heard from the server, for every desk. */
export interface Announcements {
  add(announcement: Announcement): void;
  recent(limit?: number): Announcement[];
}

/** Kept in the cache, so a restarted desk still shows them. */
export class AnnouncementStore implements Announcements {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  add(announcement: Announcement): void {
    this.cache.transaction(() => {
      this.cache
        .prepare('insert or ignore into announcements (seq, at, from_name, severity, message) values (?, ?, ?, ?, ?)')
        .run(announcement.seq, announcement.at, announcement.from, announcement.severity, announcement.message);
      this.cache.prepare('delete from announcements where seq not in (select seq from announcements order by seq desc limit ?)').run(KEEP);
    });
  }

  recent(limit = 20): Announcement[] {
    const rows = this.cache
      .prepare('select seq, at, from_name, severity, message from announcements order by seq desc limit ?')
      .all(limit) as { seq: number; at: string; from_name: string; severity: 'info' | 'warning'; message: string }[];
    return rows.map((row) => ({ seq: row.seq, at: row.at, from: row.from_name, severity: row.severity, message: row.message }));
  }
}

/** Without a cache: kept for as long as the page lives. */
export class MemoryAnnouncements implements Announcements {
  private readonly items: Announcement[] = [];

  add(announcement: Announcement): void {
    if (this.items.some((item) => item.seq === announcement.seq)) return;
    this.items.push(announcement);
    this.items.sort((a, b) => b.seq - a.seq);
    this.items.splice(KEEP);
  }

  recent(limit = 20): Announcement[] {
    return this.items.slice(0, limit);
  }
}
