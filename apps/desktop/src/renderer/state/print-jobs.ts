import type { HostApi } from '../../shared/host-api.js';
import type { PrintDocumentInput, PrintOutcome } from '../../shared/printing/documents.js';
import type { HostError } from '../../shared/result.js';

/** One printout a desk asked for, and how it went (a failure keeps the document for "Try again"). */
export interface PrintJob {
  key: string;
  label: string;
  document: PrintDocumentInput;
  state: 'printing' | 'done' | 'failed';
  outcome?: PrintOutcome;
  error?: HostError;
}

export type PrintJobsState = Readonly<Record<string, PrintJob>>;

const DONE_PRINT_VISIBLE_MS = 15_000;

/** The workstation's print jobs, whichever desk printed: `<PrintStatus keys>` shows those a screen cares about. */
export class PrintJobs {
  private readonly api: HostApi;
  private state: PrintJobsState = {};
  private readonly listeners = new Set<() => void>();

  constructor(api: HostApi) {
    this.api = api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PrintJobsState => this.state;

  /** Prints a document and keeps the job's state under `key` (printing again replaces it). */
  async print(key: string, label: string, document: PrintDocumentInput): Promise<void> {
    this.setJob({ key, label, document, state: 'printing' });
    const result = await this.api.request('printers.print', { document });
    if (!result.ok) {
      this.setJob({ key, label, document, state: 'failed', error: result.error });
      return;
    }
    const done: PrintJob = { key, label, document, state: 'done', outcome: result.value };
    this.setJob(done);
    // A printout that went through is mentioned for a while, then leaves the screen; failures stay until dealt with.
    window.setTimeout(() => {
      if (this.state[key] === done) this.dismiss(key);
    }, DONE_PRINT_VISIBLE_MS);
  }

  retry(key: string): void {
    const job = this.state[key];
    if (job !== undefined) void this.print(job.key, job.label, job.document);
  }

  dismiss(key: string): void {
    const jobs = { ...this.state };
    delete jobs[key];
    this.set(jobs);
  }

  /** On sign-out: the last user's printouts leave the screen. */
  reset(): void {
    this.set({});
  }

  private setJob(job: PrintJob): void {
    this.set({ ...this.state, [job.key]: job });
  }

  private set(state: PrintJobsState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
