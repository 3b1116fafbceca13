import { Body1, Caption1, Checkbox } from '@fluentui/react-components';
import { Stethoscope20Regular } from '@fluentui/react-icons';
import { Panel } from '../../components/Page.js';
import { useWorkstation } from '../../state/hooks.js';
import type { SettingsDraft } from '../settings/use-settings-draft.js';

/** The nurse desk's own settings on this workstation: whose queues the triage list shows. */
export function NurseSettingsSection({ settings }: { settings: SettingsDraft }) {
  const { reference } = useWorkstation();
  const { draft } = settings;
  if (draft === undefined) return null;
  const chosen = draft.desks.nurse.departments;
  const departments = reference?.departments.filter((department) => department.active) ?? [];
  const toggle = (code: string, on: boolean) => settings.update((current) => ({
    ...current,
    desks: { ...current.desks, nurse: { ...current.desks.nurse, departments: on ? [...current.desks.nurse.departments, code] : current.desks.nurse.departments.filter((item) => item !== code) } },
  }));
  return (
    <Panel title="Triage desk" icon={<Stethoscope20Regular />}>
      {/* A group of checkboxes, not a Field: a Field hands its label to its one control. */}
      <Body1 id="nurse-departments-label"><strong>Departments on the triage list</strong></Body1>
      <div role="group" aria-labelledby="nurse-departments-label" style={{ display: 'flex', flexWrap: 'wrap', columnGap: '16px' }}>
        {departments.map((department) => (
          <Checkbox key={department.code} label={department.name} checked={chosen.includes(department.code)} onChange={(_, data) => toggle(department.code, data.checked === true)} />
        ))}
        {chosen.filter((code) => !departments.some((department) => department.code === code)).map((code) => (
          <Checkbox key={code} label={`${code} (not active)`} checked onChange={() => toggle(code, false)} />
        ))}
      </div>
      <Caption1>The waiting patients of these departments. None chosen: every active department.</Caption1>
      {settings.fields['desks.nurse.departments'] === undefined ? null : <Caption1 role="alert">{settings.fields['desks.nurse.departments']}</Caption1>}
      {departments.length === 0 ? <Caption1>The departments are read from the server once it has been reached.</Caption1> : null}
    </Panel>
  );
}
