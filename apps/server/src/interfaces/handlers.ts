import type { Handlers } from '../gateway/handler.js';
import { createInterface, setEnabled, setMapping, updateInterface } from './config-service.js';
import { listMappings, findInterface } from './interfaces-repo.js';
import { interfacesWithState, messageDetail, messagesPage, unmappedCodes } from './queries.js';
import { currentRules, setAutoVerifyRule } from './autoverify-service.js';
import { replayMessage } from './replay-service.js';
import { getInterfaceSettings, updateInterfaceSettings } from './retention.js';
import { HmsError } from '@hms/core';

type InterfacesHandlers = Pick<
  Handlers,
  | 'interfaces.create' | 'interfaces.update' | 'interfaces.enable' | 'interfaces.disable' | 'interfaces.list' | 'interfaces.mappings'
  | 'interfaces.setMapping' | 'interfaces.unmappedCodes' | 'interfaces.messages' | 'interfaces.message' | 'interfaces.replay'
  | 'interfaces.settings' | 'interfaces.updateSettings' | 'interfaces.autoVerifyRules' | 'interfaces.setAutoVerifyRule'
>;

export function interfacesHandlers(): InterfacesHandlers {
  return {
    'interfaces.create': async (params, ctx) => ({ interface: await ctx.write((scope) => createInterface(scope, ctx.actor, params, ctx.clock.now())) }),
    'interfaces.update': async (params, ctx) => ({ interface: await ctx.write((scope) => updateInterface(scope, params, ctx.actor, ctx.clock.now())) }),
    'interfaces.enable': async (params, ctx) => ({ interface: await ctx.write((scope) => setEnabled(scope, params.interfaceId, true, ctx.actor, ctx.clock.now())) }),
    'interfaces.disable': async (params, ctx) => ({ interface: await ctx.write((scope) => setEnabled(scope, params.interfaceId, false, ctx.actor, ctx.clock.now())) }),
    'interfaces.list': async (_params, ctx) => ({ items: await interfacesWithState(ctx.db) }),
    'interfaces.mappings': async (params, ctx) => {
      if ((await findInterface(ctx.db, params.interfaceId)) === undefined) throw HmsError.notFound('The interface');
      return { items: await listMappings(ctx.db, params.interfaceId) };
    },
    'interfaces.setMapping': async (params, ctx) => ({ mapping: await ctx.write((scope) => setMapping(scope, params, ctx.actor, ctx.clock.now())) }),
    'interfaces.unmappedCodes': async (params, ctx) => ({ items: await unmappedCodes(ctx.db, params.interfaceId) }),
    'interfaces.messages': async (params, ctx) => messagesPage(ctx.db, params),
    'interfaces.message': async (params, ctx) => {
      const { protocol: _protocol, ...message } = await messageDetail(ctx.db, params.messageId);
      // Raw messages carry patient identifiers and results: who looked is recorded.
      await ctx.auditRead({ action: 'interfaces.message', entityType: 'interface_message', entityId: message.id, details: { interfaceId: message.interfaceId, accession: message.accession } });
      return { message };
    },
    'interfaces.replay': async (params, ctx) => ({ message: await ctx.write((scope) => replayMessage(scope, params.messageId, ctx.clock.now())) }),
    'interfaces.autoVerifyRules': async (_params, ctx) => ({ items: await currentRules(ctx.db) }),
    'interfaces.setAutoVerifyRule': async (params, ctx) => ({ rule: await ctx.write((scope) => setAutoVerifyRule(scope, ctx.actor, params, ctx.clock.now())) }),
    'interfaces.settings': async (_params, ctx) => ({ settings: await getInterfaceSettings(ctx.db) }),
    'interfaces.updateSettings': async (params, ctx) => ({ settings: await ctx.write((scope) => updateInterfaceSettings(scope, params, ctx.actor.userId, ctx.clock.now())) }),
  };
}
