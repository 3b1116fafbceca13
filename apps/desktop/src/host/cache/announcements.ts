import type { Announcement } from '../../shared/protocol/records.js';
import type { CacheDb } from './cache-db.js';

const KEEP = 50;

/** The last announcements heard from the server, kept so a restarted desk still shows them. */
export class AnnouncementStore {
  private readonly cache: CacheDb;

  constructor(cache: CacheDb) {
    this.cache = cache;
  }

  add(announcement: Announcement): void {
    this.cache.transaction(() => {
      this.cache.sqlite
        .prepare('insert or ignore into announcements (seq, at, from_name, severity, message) values (?, ?, ?, ?, ?)')
        .run(announcement.seq, announcement.at, announcement.from, announcement.severity, announcement.message);
      this.cache.sqlite.prepare('delete from announcements where seq not in (select seq from announcements order by seq desc limit ?)').run(KEEP);
    });
  }

  recent(limit = 20): Announcement[] {
    const rows = this.cache.sqlite
      .prepare('select seq, at, from_name, severity, message from announcements order by seq desc limit ?')
      .all(limit) as { seq: number; at: string; from_name: string; severity: 'info' | 'warning'; message: string }[];
    return rows.map((row) => ({ seq: row.seq, at: row.at, from: row.from_name, severity: row.severity, message: row.message }));
  }
}
