import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';

/** A billing method the server lists but does not serve yet (NOT_FOUND with details.notServed). */
export function isNotServed(error: HostError | undefined): boolean {
  return error?.code === 'NOT_FOUND' && error.details?.notServed === true;
}

/** A failed billing call: "not available on this server yet" for a method still being built, the typed error otherwise. */
export function BillingError({ error, what }: { error: HostError; what: string }) {
  if (isNotServed(error)) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="not-served">
        <MessageBarBody>
          <MessageBarTitle>{what}: not available on this server yet</MessageBarTitle>
          This server does not do this yet; it comes with a later update of the server. Nothing was recorded.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return <ErrorBar error={error} what={what} />;
}
