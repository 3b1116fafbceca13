/** A specimen is one container: collected, then received in the lab, or rejected (either before or after receipt). */
export const SPECIMEN_STATUSES = ['collected', 'received', 'rejected'] as const;
export type SpecimenStatus = (typeof SPECIMEN_STATUSES)[number];

export const SPECIMEN_ACTIONS = ['receive', 'reject'] as const;
export type SpecimenAction = (typeof SPECIMEN_ACTIONS)[number];

/** Tubes and pots the lab collects into (the label names it, so the phlebotomist picks the right one). */
export const SPECIMEN_CONTAINERS = [
  'edta', 'serum', 'plain', 'citrate', 'fluoride', 'heparin', 'blood_culture', 'urine', 'stool', 'sputum', 'swab', 'csf', 'slide', 'other',
] as const;
export type SpecimenContainer = (typeof SPECIMEN_CONTAINERS)[number];

export const SPECIMEN_CONTAINER_LABELS: Readonly<Record<SpecimenContainer, string>> = {
  edta: 'EDTA (purple)', serum: 'Serum SST (gold)', plain: 'Plain (red)', citrate: 'Citrate (blue)', fluoride: 'Fluoride oxalate (grey)',
  heparin: 'Lithium heparin (green)', blood_culture: 'Blood culture bottle', urine: 'Urine container', stool: 'Stool container',
  sputum: 'Sputum container', swab: 'Swab', csf: 'CSF tube', slide: 'Slide', other: 'Other container',
};

/** Why a specimen is refused; each one asks for a recollection. */
export const REJECTION_REASONS = ['haemolysed', 'clotted', 'insufficient', 'unlabelled', 'wrong_container', 'leaked'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const REJECTION_REASON_LABELS: Readonly<Record<RejectionReason, string>> = {
  haemolysed: 'Haemolysed', clotted: 'Clotted', insufficient: 'Insufficient volume', unlabelled: 'Unlabelled or mislabelled',
  wrong_container: 'Wrong container', leaked: 'Leaked in transit',
};

export type TransitionCheck<S extends string> = { ok: true; to: S } | { ok: false; reason: string };

/** Where a specimen goes on an action, or why it cannot (the server answers CONFLICT with the reason). */
export function specimenTransition(from: SpecimenStatus, action: SpecimenAction): TransitionCheck<SpecimenStatus> {
  switch (action) {
    case 'receive':
      if (from === 'collected') return { ok: true, to: 'received' };
      return { ok: false, reason: from === 'received' ? 'already_received' : 'specimen_rejected' };
    case 'reject':
      if (from === 'rejected') return { ok: false, reason: 'already_rejected' };
      return { ok: true, to: 'rejected' };
  }
}
