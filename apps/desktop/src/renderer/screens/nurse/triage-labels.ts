import type { AllergySeverity, QueuePriority } from '@hms/core';

export const PRIORITY_LABELS: Readonly<Record<QueuePriority, string>> = { emergency: 'Emergency', urgent: 'Urgent', normal: 'Normal' };
export const PRIORITY_COLORS: Readonly<Record<QueuePriority, 'danger' | 'warning' | 'informative'>> = { emergency: 'danger', urgent: 'warning', normal: 'informative' };
export const SEVERITY_LABELS: Readonly<Record<AllergySeverity, string>> = { mild: 'Mild', moderate: 'Moderate', severe: 'Severe', 'life-threatening': 'Life-threatening' };
