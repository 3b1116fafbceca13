import { useEffect, useSyncExternalStore } from 'react';
import { useModel } from '../../state/hooks.js';
import type { ChartState } from './chart-feed.js';
import type { ConsultationState } from './consultation.js';
import type { Consultation } from './consultation.js';
import { DOCTOR_MODEL } from './doctor-model.js';
import type { DoctorModel, DoctorState } from './doctor-model.js';

/** The doctor desk's model, as the workstation registered it. */
export function useDoctorModel(): DoctorModel {
  return useModel().desk(DOCTOR_MODEL);
}

export function useDoctor(): DoctorState {
  const doctor = useDoctorModel();
  return useSyncExternalStore(doctor.subscribe, doctor.getSnapshot);
}

/** A visit's consultation on this desk, opened once, and its state. */
export function useConsultation(visitId: string): { consultation: Consultation; state: ConsultationState } {
  const consultation = useDoctorModel().consultation(visitId);
  useEffect(() => {
    void consultation.open();
  }, [consultation]);
  const state = useSyncExternalStore(consultation.subscribe, consultation.getSnapshot);
  return { consultation, state };
}

/** A patient's chart, followed live while the calling component is shown. */
export function useChart(patientId: string | undefined): ChartState | undefined {
  const doctor = useDoctorModel();
  const feed = patientId === undefined ? undefined : doctor.chart(patientId);
  useEffect(() => {
    if (feed === undefined) return undefined;
    const close = feed.open();
    return () => {
      close();
      doctor.releaseChart(feed.patientId);
    };
  }, [doctor, feed]);
  return useSyncExternalStore(feed?.subscribe ?? noSubscribe, feed?.getSnapshot ?? noSnapshot);
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => undefined;
