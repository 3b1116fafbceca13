import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { useWorkstation } from '../../state/hooks.js';
import type { DoctorQueueEntry } from '../../../shared/doctor/views.js';
import { useDoctorModel } from './use-doctor.js';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', rowGap: '12px' } });

const POOL = '';

/** Sends a patient to another doctor, the department's pool, or another department. */
export function TransferDialog({ entry, onClose, onDone }: { entry: DoctorQueueEntry; onClose: () => void; onDone: (message: string) => void }) {
  const styles = useStyles();
  const doctor = useDoctorModel();
  const { reference, status } = useWorkstation();
  const me = status?.session.state === 'signedOut' ? undefined : status?.session.user.id;
  const [department, setDepartment] = useState(entry.department);
  const [doctorId, setDoctorId] = useState(POOL);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const doctors = (reference?.doctors ?? []).filter((item) => item.active && item.departments.includes(department) && item.id !== me);
  const name = entry.patient?.name ?? entry.token;

  const submit = async () => {
    setBusy(true);
    const result = await doctor.transfer(entry.visitId, {
      ...(department === entry.department ? {} : { department }),
      doctorId: doctorId === POOL ? null : doctorId,
      ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const visit = result.value;
    onDone(visit === null ? `${name} was transferred.` : `${name} now waits ${visit.doctorName === null ? `in the ${visit.departmentName} pool` : `for ${visit.doctorName}`} (${visit.token}).`);
  };

  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}>
          <DialogBody>
            <DialogTitle>Transfer {name}</DialogTitle>
            <DialogContent className={styles.form}>
              {error === undefined ? null : <ErrorBar error={error} what="Not transferred" />}
              <Field label="Department">
                <Select value={department} onChange={(_, data) => {
                  setDepartment(data.value);
                  setDoctorId(POOL);
                }}>
                  {(reference?.departments ?? []).filter((item) => item.active).map((item) => <option key={item.code} value={item.code}>{item.name}</option>)}
                </Select>
              </Field>
              <Field label="To">
                <Select value={doctorId} onChange={(_, data) => setDoctorId(data.value)}>
                  <option value={POOL}>Any doctor (the department's pool)</option>
                  {doctors.map((item) => <option key={item.id} value={item.id}>{item.displayName}</option>)}
                </Select>
              </Field>
              <Field label="Reason">
                <Input value={reason} maxLength={200} onChange={(_, data) => setReason(data.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={busy}>{busy ? 'Transferring…' : 'Transfer'}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
