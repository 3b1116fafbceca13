import { Badge, Breadcrumb, BreadcrumbButton, BreadcrumbItem, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AccountView } from '../../../shared/billing/views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import type { CashierPatient } from './billing-model.js';
import { BillingError } from './BillingError.js';
import { ChargesPanel } from './ChargesPanel.js';
import { InvoicesPanel } from './InvoicesPanel.js';
import { moneyText } from './money.js';
import { PaymentPanel } from './PaymentPanel.js';
import { ReceiptsPanel } from './ReceiptsPanel.js';
import { useBilling, useBillingModel, useBillingSettings } from './use-billing.js';
import { useDeskSession } from './use-desk-session.js';

const useStyles = makeStyles({
  meta: { display: 'flex', columnGap: '12px', alignItems: 'center', flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(340px, 2fr)', columnGap: '20px', rowGap: '20px', alignItems: 'start', '@media (max-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
});

/**
 * One patient's account at the cashier: charges waiting to be invoiced, invoices and what is owed
 * on each, the payment being taken, and the receipts this desk issued (refunds from there). Read
 * from the server, or offline from what this desk kept, marked as such.
 */
export function AccountScreen() {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const { routeArgs } = useWorkstation();
  const { receiptsChanged } = useBilling();
  const { online, may } = useDeskSession();
  const patientId = routeArgs[0] ?? '';
  const [patient, setPatient] = useState<CashierPatient | undefined>();
  const [account, setAccount] = useState<AccountView | undefined>();
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();
  const [paying, setPaying] = useState('');

  const load = async () => {
    const result = await billing.account(patientId);
    if (!result.ok) return setError({ what: 'The account could not be read', error: result.error });
    setError(undefined);
    setAccount(result.value);
    setPaying((current) => result.value.invoices.some((invoice) => invoice.id === current && invoice.balanceMinor > 0) ? current : result.value.invoices.find((invoice) => invoice.status === 'issued' && invoice.balanceMinor > 0)?.id ?? '');
  };

  useEffect(() => {
    setAccount(undefined);
    if (patientId === '') return;
    void billing.patientById(patientId).then((result) => {
      if (result.ok) setPatient(result.value);
      else setError({ what: 'The patient could not be read', error: result.error });
    });
    void load();
  }, [patientId, online]);
  useEffect(() => {
    if (receiptsChanged.serial > 0 && (receiptsChanged.patientId === undefined || receiptsChanged.patientId === patientId)) void load();
  }, [receiptsChanged.serial]);

  const owed = account?.invoices.reduce((sum, invoice) => sum + (invoice.status === 'issued' ? invoice.balanceMinor : 0), 0) ?? 0;
  const breadcrumb = (
    <Breadcrumb aria-label="Back">
      <BreadcrumbItem><BreadcrumbButton onClick={() => billing.navigate('cashier')}>Cashier</BreadcrumbButton></BreadcrumbItem>
    </Breadcrumb>
  );
  const meta = (
    <div className={styles.meta}>
      <span className={styles.mono}>{patient?.mrn ?? ''}</span>
      {account === undefined ? null : <Badge appearance="tint" color={owed > 0 ? 'danger' : 'success'} data-testid="balance-owed">Owed {moneyText(owed, currency)}</Badge>}
      {account?.source === 'cache' ? <Caption1>Kept copy from {account.asOf === null ? 'earlier' : shortTime(account.asOf)}</Caption1> : null}
    </div>
  );

  return (
    <Page title={patient?.name ?? 'Patient account'} breadcrumb={breadcrumb} meta={meta}>
      {error === undefined ? null : error.what.startsWith('The patient') ? <ErrorBar error={error.error} what={error.what} /> : <BillingError error={error.error} what={error.what} />}
      {account?.source === 'cache' || account?.source === 'none' ? (
        <MessageBar intent="warning" layout="multiline" data-testid="account-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            {account.source === 'none'
              ? 'This desk kept no copy of this account: payments against an invoice wait until the server is back (a deposit can be taken).'
              : 'Balances are this desk\'s copy, with the payments taken here since. Payments get receipt numbers from this desk\'s own series and are sent when the server is back; charges and invoices wait.'}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {account === undefined || patient === undefined ? (error === undefined ? <Spinner label="Reading the account…" /> : null) : (
        <>
          <div className={styles.grid}>
            <ChargesPanel patientId={patientId} account={account} onChanged={() => void load()} />
            {may('payments.take') ? <PaymentPanel patient={patient} account={account} invoiceId={paying} onInvoice={setPaying} onTaken={() => void load()} /> : null}
          </div>
          <InvoicesPanel patient={patient} account={account} onPay={may('payments.take') ? (invoice) => setPaying(invoice.id) : undefined} />
          <ReceiptsPanel patientId={patientId} receipts={account.receipts} onRefunded={() => void load()} />
        </>
      )}
    </Page>
  );
}
