import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { HostError } from '../../shared/result.js';
import { describeError } from '../state/errors.js';

export interface ErrorBarProps {
  error: HostError;
  /** What failed, put before the error's own title ("Wristband not printed"). */
  what?: string;
  onRetry?: () => void;
  retrying?: boolean;
}

/** A typed error as a message bar, with "Try again" when trying again can help. */
export function ErrorBar({ error, what, onRetry, retrying = false }: ErrorBarProps) {
  const view = describeError(error);
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-bar" data-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{what === undefined ? view.title : `${what}: ${view.title.charAt(0).toLowerCase()}${view.title.slice(1)}`}</MessageBarTitle>
        {view.message}
      </MessageBarBody>
      {view.retryable && onRetry !== undefined ? (
        <MessageBarActions>
          <Button onClick={onRetry} disabled={retrying}>
            {retrying ? 'Trying again…' : 'Try again'}
          </Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
