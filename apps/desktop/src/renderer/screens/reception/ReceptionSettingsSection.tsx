import { Field, Select } from '@fluentui/react-components';
import { PersonSearch20Regular } from '@fluentui/react-icons';
import { Panel } from '../../components/Page.js';
import type { SettingsDraft } from '../settings/use-settings-draft.js';
import { useReception } from './use-reception.js';

/** Reception's own settings on this workstation: the department its check-ins and queue board start from. */
export function ReceptionSettingsSection({ settings }: { settings: SettingsDraft }) {
  const { overview } = useReception();
  const { draft } = settings;
  if (draft === undefined) return null;
  const chosen = draft.desks.reception.defaultDepartment ?? '';
  const departments = overview?.departments.filter((department) => department.active) ?? [];
  const unknown = chosen !== '' && !departments.some((department) => department.code === chosen);
  return (
    <Panel title="Reception desk" icon={<PersonSearch20Regular />}>
      <Field
        label="Default department"
        validationMessage={settings.fields['desks.reception.defaultDepartment'] ?? (unknown ? 'The server lists no active department with this code: the desk starts from another.' : undefined)}
        validationState={unknown ? 'warning' : undefined}
        hint="Where a check-in and the queue board start at this desk. Without one, the department of the desk's latest check-in, else the first the server lists."
      >
        <Select
          value={chosen}
          onChange={(_, data) => settings.update((current) => ({
            ...current,
            desks: { ...current.desks, reception: { ...current.desks.reception, defaultDepartment: data.value === '' ? undefined : data.value } },
          }))}
        >
          <option value="">None: follow the latest check-in</option>
          {departments.map((department) => <option key={department.code} value={department.code}>{department.name}</option>)}
          {unknown ? <option value={chosen}>{chosen}</option> : null}
        </Select>
      </Field>
    </Panel>
  );
}
