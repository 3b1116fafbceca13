import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { WedgeDetector } from '../../shared/scanner/wedge-detector.js';
import type { WedgeSettings } from '../../shared/scanner/wedge-detector.js';
import type { PrintJobsState } from './print-jobs.js';
import type { WorkstationModel, WorkstationState } from './workstation-model.js';

export const ModelContext = createContext<WorkstationModel | undefined>(undefined);

export function useModel(): WorkstationModel {
  const model = useContext(ModelContext);
  if (model === undefined) throw new Error('useModel outside <ModelContext>');
  return model;
}

export function useWorkstation(): WorkstationState {
  const model = useModel();
  return useSyncExternalStore(model.subscribe, model.getSnapshot);
}

/** The workstation's print jobs, whichever desk printed. */
export function usePrintJobs(): PrintJobsState {
  const model = useModel();
  return useSyncExternalStore(model.prints.subscribe, model.prints.getSnapshot);
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Locks the workstation after `minutes` without keyboard or pointer activity. */
export function useIdleLock(minutes: number | undefined, active: boolean, lock: () => void): void {
  const lockRef = useRef(lock);
  lockRef.current = lock;
  useEffect(() => {
    if (!active || minutes === undefined) return undefined;
    let timer = window.setTimeout(() => lockRef.current(), minutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => lockRef.current(), minutes * 60_000);
    };
    for (const event of ACTIVITY) window.addEventListener(event, reset, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, reset, { capture: true });
    };
  }, [minutes, active]);
}

/**
 * Watches keystrokes for a keyboard-wedge scanner. A recognised scan's suffix key (and, with a
 * prefix, its characters) never reach the page, and the code is taken back out of the field it
 * was typed into.
 */
export function useWedgeScanner(settings: WedgeSettings | undefined, onScan: (code: string) => void): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (settings === undefined || !settings.enabled) return undefined;
    const detector = new WedgeDetector(settings);
    let quiet: number | undefined;
    const deliver = (code: string) => {
      const field = document.activeElement;
      if (field instanceof HTMLInputElement && field.value.endsWith(code) && settings.prefix === '') {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        setter?.call(field, field.value.slice(0, -code.length));
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      onScanRef.current(code);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const decision = detector.feed({ key: event.key, at: event.timeStamp });
      if (decision.swallow) {
        event.preventDefault();
        event.stopPropagation();
      }
      if (decision.scan !== undefined) deliver(decision.scan);
      if (settings.suffix === 'none') {
        window.clearTimeout(quiet);
        quiet = window.setTimeout(() => {
          const code = detector.flush(performance.now());
          if (code !== undefined) deliver(code);
        }, detector.quietMs);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.clearTimeout(quiet);
      window.removeEventListener('keydown', onKey, { capture: true });
    };
  }, [settings]);
}
