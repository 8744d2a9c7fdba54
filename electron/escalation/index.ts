import { EscalationSettingsSchema } from '../../shared/escalation';
import { defineSection } from '../settings';

export { createHold, type HeldSummary, type SupportHoursHold } from './hold';

/** The escalation ladder and support-hours rules, one section of the settings file. */
export const escalationSection = defineSection({
  key: 'escalation',
  schema: EscalationSettingsSchema,
  label: 'escalation rules',
  fallback: 'Baton repeats pages at the repeat interval of the notification settings and holds nothing outside support hours until they are saved again.',
});
