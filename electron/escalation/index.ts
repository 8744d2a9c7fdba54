import { EscalationSettingsSchema } from '../../shared/escalation';
import type { Handlers } from '../router';
import { defineSection, type SettingsService } from '../settings';
import { loadHoursSection } from '../trends';
import type { HeldSummary } from './hold';
import type { Journal } from '../journal';

export { createHold, type HeldSummary, type SupportHoursHold } from './hold';

/** The escalation ladder and support-hours rules, one section of the settings file. */
export const escalationSection = defineSection({
  key: 'escalation',
  schema: EscalationSettingsSchema,
  label: 'escalation rules',
  fallback: 'Baton repeats pages at the repeat interval of the notification settings and holds nothing outside support hours until they are saved again.',
});

export type EscalationHandlers = Pick<Handlers, 'getEscalation' | 'updateEscalation'>;

/**
 * The Settings form's requests. Support hours are the Load view's business hours (one concept of
 * hours): saving them here changes them there too.
 */
export function escalationHandlers(deps: {
  settings: Pick<SettingsService, 'read' | 'write'>;
  journal: Pick<Journal, 'append'>;
  held(): HeldSummary | null;
  changed(): void;
}): EscalationHandlers {
  const view = () => ({ rules: deps.settings.read(escalationSection), hours: deps.settings.read(loadHoursSection).business });
  return {
    getEscalation: () => ({ ...view(), held: deps.held() }),
    updateEscalation: async ({ rules, hours }) => {
      const saved = deps.settings.write(escalationSection, rules);
      const load = deps.settings.read(loadHoursSection);
      const savedHours = deps.settings.write(loadHoursSection, { ...load, business: hours }).business;
      deps.changed();
      // Journaled, so the handoff shows the rules that were in force during a shift.
      await deps.journal.append('escalation.rules', { rules: saved, hours: savedHours });
      return { rules: saved, hours: savedHours };
    },
  };
}
