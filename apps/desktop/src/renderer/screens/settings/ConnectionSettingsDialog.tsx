import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles } from '@fluentui/react-components';
import { useWorkstation } from '../../state/hooks.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { useSettingsDraft } from './use-settings-draft.js';

const useStyles = makeStyles({ content: { display: 'flex', flexDirection: 'column', rowGap: '12px' } });

/** Before anyone has signed in: where the server is, and this workstation's name. */
export function ConnectionSettingsDialog({ onClose }: { onClose: () => void }) {
  const styles = useStyles();
  const { info } = useWorkstation();
  const settings = useSettingsDraft();
  const { draft } = settings;
  if (draft === undefined) return null;
  const browser = info?.kind === 'browser';
  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Connection settings</DialogTitle>
          <DialogContent className={styles.content}>
            {settings.error !== undefined && Object.keys(settings.fields).length === 0 ? <ErrorBar error={settings.error} /> : null}
            <Field
              label="Server address"
              hint={browser ? 'The browser workstation uses the server that served this page.' : 'As shown by the server when it starts, e.g. http://hms-server:7400'}
              validationMessage={settings.fields.serverUrl}
            >
              <Input value={draft.serverUrl} disabled={browser} onChange={(_, data) => settings.update((current) => ({ ...current, serverUrl: data.value }))} />
            </Field>
            <Field label="Workstation ID" hint="Names this desk in the audit log." validationMessage={settings.fields.workstationId}>
              <Input value={draft.workstationId} onChange={(_, data) => settings.update((current) => ({ ...current, workstationId: data.value }))} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={!settings.dirty || settings.saving}
              onClick={() => void settings.save().then((saved) => (saved ? onClose() : undefined))}
            >
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
