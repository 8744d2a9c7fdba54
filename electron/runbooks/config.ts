import { RunbookSourcesSettingsSchema, type RunbookSourcesSettings } from '../../shared/runbooks';
import { defineSection, type SettingsService } from '../settings';

export const runbookSourcesSection = defineSection({
  key: 'runbookSources',
  schema: RunbookSourcesSettingsSchema,
  label: 'runbook sources',
  fallback: 'Baton started without them; add them again.',
});

/** The runbook sources, links and pins the user configured (settings section `runbookSources`). */
export interface SourcesConfig {
  get(): RunbookSourcesSettings;
  save(next: RunbookSourcesSettings): void;
}

/** Read once; an invalid section is told once by the settings, and the feature starts without sources. */
export function openSourcesConfig(settings: Pick<SettingsService, 'read' | 'write'>): SourcesConfig {
  let config = settings.read(runbookSourcesSection);
  return {
    get: () => config,
    save(next) {
      config = settings.write(runbookSourcesSection, next);
    },
  };
}
