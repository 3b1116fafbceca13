import { MESSAGE_STATUSES } from '@hms/core';
import type { MessageStatus, ParamsIn } from '@hms/core';

/** The message log's search as typed: times as the browser's datetime-local fields give them (the workstation's local time). */
export interface MessageFilter {
  interfaceId: string;
  status: '' | MessageStatus;
  accession: string;
  from: string;
  to: string;
  /** Only what needs a person: the dead-letter list. */
  attention: boolean;
}

export const EMPTY_FILTER: MessageFilter = { interfaceId: '', status: '', accession: '', from: '', to: '', attention: false };

export function isMessageStatus(value: string): value is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** A datetime-local value ('2026-12-03T09:30') as an instant; undefined when empty or not a time. */
function instantOf(local: string): string | undefined {
  if (local.trim() === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** interfaces.messages' params for a filter (and a page's cursor): empty fields are left out. */
export function messageParams(filter: MessageFilter, cursor?: string): ParamsIn<'interfaces.messages'> {
  const params: ParamsIn<'interfaces.messages'> = { limit: 50 };
  if (filter.interfaceId !== '') params.interfaceId = filter.interfaceId;
  if (filter.status !== '') params.status = filter.status;
  if (filter.attention) params.attention = true;
  if (filter.accession.trim() !== '') params.accession = filter.accession.trim();
  const from = instantOf(filter.from);
  const to = instantOf(filter.to);
  if (from !== undefined) params.from = from;
  if (to !== undefined) params.to = to;
  if (cursor !== undefined) params.cursor = cursor;
  return params;
}
