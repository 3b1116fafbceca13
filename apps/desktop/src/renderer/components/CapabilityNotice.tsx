import { Body1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { CAPABILITY_REASONS } from '../app/capabilities.js';
import type { HostCapability } from '../app/capabilities.js';
import { Page } from './Page.js';

const useStyles = makeStyles({
  reasons: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', rowGap: '4px' },
  single: { margin: 0 },
});

/** In place of a screen that needs what this host cannot do: what is missing, and why, plainly. */
export function CapabilityNotice({ title, missing }: { title: string; missing: readonly HostCapability[] }) {
  const styles = useStyles();
  return (
    <Page title={title}>
      <MessageBar intent="info" layout="multiline" data-testid="capability-missing" data-missing={missing.join(' ')}>
        <MessageBarBody>
          <MessageBarTitle>Works only on an installed workstation</MessageBarTitle>
          {missing.length === 1 ? <Body1 as="p" className={styles.single}>{CAPABILITY_REASONS[missing[0]!]}</Body1> : (
            <ul className={styles.reasons}>
              {missing.map((capability) => <li key={capability}><Body1>{CAPABILITY_REASONS[capability]}</Body1></li>)}
            </ul>
          )}
        </MessageBarBody>
      </MessageBar>
    </Page>
  );
}
