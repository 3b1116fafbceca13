import type { BackoffPolicy } from '../../shared/connection/backoff.js';
import type { WorkstationSettingsInput } from '../../shared/settings.js';
import { HOST_DESKS } from '../desks.js';
import { Host } from '../host.js';
import { nodePlatform } from './node-platform.js';
import type { NodePlatformOptions } from './node-platform.js';

export interface NodeHostOptions extends NodePlatformOptions {
  /** Settings for a first start; later starts use the stored ones. */
  defaults: WorkstationSettingsInput;
  version: string;
  backoff?: BackoffPolicy;
  pingIntervalMs?: number;
}

/** The desktop's host: the Host kernel with every desk, on the Node platform. */
export function createNodeHost(options: NodeHostOptions): Host {
  return new Host({
    platform: nodePlatform(options),
    desks: HOST_DESKS,
    defaults: options.defaults,
    version: options.version,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
