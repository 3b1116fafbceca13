import { PeopleQueue24Regular, PersonAdd24Regular, PersonSearch24Regular } from '@fluentui/react-icons';
import { methods } from '@hms/core';
import { RECEPTION_DESK_ROLES } from '../../../shared/reception/desk-permissions.js';
import { defineDesk } from '../../app/desk-module.js';
import { MrnCorrectionNotices } from './MrnCorrectionNotices.js';
import { PatientScreen } from './PatientScreen.js';
import { QueueBoardScreen } from './QueueBoardScreen.js';
import { RECEPTION_MODEL, ReceptionModel } from './reception-model.js';
import { ReceptionScreen } from './ReceptionScreen.js';
import { ReceptionSettingsSection } from './ReceptionSettingsSection.js';
import { RegisterScreen } from './RegisterScreen.js';
import { receptionOfflineWrites } from './offline-writes.js';

/**
 * The reception desk's renderer part: its screens, who sees them, its model and offline writes.
 * Its host part is src/host/reception/; both are registered under the id 'reception'.
 */
export const receptionDesk = defineDesk({
  id: 'reception',
  label: 'Reception',
  // Whoever may register or check in works the desk; doctors open its queue board and patient records.
  roles: [...RECEPTION_DESK_ROLES, 'doctor'],
  screens: [
    { route: 'reception', label: 'Find patient', icon: PersonSearch24Regular, roles: RECEPTION_DESK_ROLES, component: ReceptionScreen },
    { route: 'register', label: 'Register patient', icon: PersonAdd24Regular, roles: methods['patients.register'].access, component: RegisterScreen },
    { route: 'queue', label: 'Queue board', icon: PeopleQueue24Regular, component: QueueBoardScreen },
    { route: 'patient', label: 'Patient', icon: PersonSearch24Regular, component: PatientScreen, within: 'reception' },
  ],
  model: { key: RECEPTION_MODEL, create: (context) => new ReceptionModel(context) },
  offlineWrites: receptionOfflineWrites,
  banner: MrnCorrectionNotices,
  settings: { label: 'Reception desk', Section: ReceptionSettingsSection },
});
