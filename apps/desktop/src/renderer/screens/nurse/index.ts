import { ClipboardPulse24Regular, PeopleQueue24Regular } from '@fluentui/react-icons';
import { OBSERVATION_WRITER_ROLES } from '@hms/core';
import { defineDesk } from '../../app/desk-module.js';
import { NURSE_MODEL, NurseModel } from './nurse-model.js';
import { NurseSettingsSection } from './NurseSettingsSection.js';
import { TriageListScreen } from './TriageListScreen.js';
import { TriagePatientScreen } from './TriagePatientScreen.js';
import { nurseOfflineWrites } from './offline-writes.js';

/**
 * The nurse desk's renderer part: the triage list and one patient's triage (vitals, allergies,
 * priority). Its host part is src/host/nurse/; both are registered under the id 'nurse'. Those who
 * record observations see it (the contract's list: nurses and doctors), so a doctor triages on the same screens.
 */
export const nurseDesk = defineDesk({
  id: 'nurse',
  label: 'Triage',
  roles: OBSERVATION_WRITER_ROLES,
  screens: [
    { route: 'triage', label: 'Triage list', icon: PeopleQueue24Regular, component: TriageListScreen },
    { route: 'triage-patient', label: 'Triage', icon: ClipboardPulse24Regular, component: TriagePatientScreen, within: 'triage' },
  ],
  model: { key: NURSE_MODEL, create: (context) => new NurseModel(context) },
  offlineWrites: nurseOfflineWrites,
  settings: { label: 'Triage desk', Section: NurseSettingsSection },
});
