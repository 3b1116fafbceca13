import { Stethoscope24Regular } from '@fluentui/react-icons';
import { defineDesk } from '../../app/desk-module.js';
import { ChartScreen } from './ChartScreen.js';
import { ConsultationScreen } from './ConsultationScreen.js';
import { CriticalAlerts } from './CriticalAlerts.js';
import { DOCTOR_MODEL, DoctorModel } from './doctor-model.js';
import { MyPatientsScreen } from './MyPatientsScreen.js';
import { doctorOfflineWrites } from './offline-writes.js';

/**
 * The doctor desk's renderer part: my patients, the chart and the consultation. Its host part is
 * src/host/doctor/; both are registered under the id 'doctor'.
 */
export const doctorDesk = defineDesk({
  id: 'doctor',
  label: 'Doctor',
  roles: ['doctor'],
  screens: [
    { route: 'doctor', label: 'My patients', icon: Stethoscope24Regular, component: MyPatientsScreen },
    { route: 'consult', label: 'Consultation', icon: Stethoscope24Regular, component: ConsultationScreen, within: 'doctor' },
    { route: 'chart', label: 'Chart', icon: Stethoscope24Regular, component: ChartScreen, within: 'doctor' },
  ],
  model: { key: DOCTOR_MODEL, create: (context) => new DoctorModel(context) },
  offlineWrites: doctorOfflineWrites,
  // Critical lab values stay above every screen until acknowledged.
  banner: CriticalAlerts,
});
