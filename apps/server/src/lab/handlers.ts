import type { Handlers } from '../gateway/handler.js';

type LabHandlers = Pick<Handlers, never>;

export function labHandlers(): LabHandlers {
  return {};
}
