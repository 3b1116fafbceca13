import { ipcMain } from 'electron';
import type { WebContents } from 'electron';
import type { Host } from '../host/host.js';
import { ipcEventChannel, ipcRequestChannel } from '../shared/ipc.js';
import { HOST_CHANNELS, dispatchHostRequest } from '../shared/protocol/channels.js';
import { fail } from '../shared/result.js';
import { APP_ORIGIN } from './renderer-protocol.js';

/**
 * The HostApi over IPC: one handler per allowed channel, answering only the app's own page,
 * and host events forwarded to the window.
 */
export function wireIpc(host: Host, target: () => WebContents | undefined): () => void {
  for (const channel of HOST_CHANNELS) {
    ipcMain.handle(ipcRequestChannel(channel), async (event, request: unknown) => {
      const origin = event.senderFrame === null ? '' : new URL(event.senderFrame.url).origin;
      if (origin !== APP_ORIGIN) return fail('FORBIDDEN', 'Only the workstation page may use the workstation host.');
      return dispatchHostRequest(host.handlers, channel, request);
    });
  }
  const unsubscribe = host.onEvent((envelope) => {
    const contents = target();
    if (contents !== undefined && !contents.isDestroyed()) contents.send(ipcEventChannel(envelope.event), envelope.data);
  });
  return () => {
    unsubscribe();
    for (const channel of HOST_CHANNELS) ipcMain.removeHandler(ipcRequestChannel(channel));
  };
}
