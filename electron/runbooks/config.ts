import { RunbookSourcesSettingsSchema, type RunbookSourcesSettings } from '../../shared/runbooks';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import type { SettingsService } from '../settings';

const SETTINGS_KEY = 'runbookSources';

/** The runbook sources, links and pins the user configured (settings section `runbookSources`). */
export interface SourcesConfig {
  get(): RunbookSourcesSettings;
  save(next: RunbookSourcesSettings): void;
}

export function openSourcesConfig(
  settings: Pick<SettingsService, 'section' | 'setSection'>,
  log: Logger,
  notices: Pick<Notices, 'add'>,
): SourcesConfig {
  let config = read();

  function read(): RunbookSourcesSettings {
    const raw = settings.section<unknown>(SETTINGS_KEY) ?? {};
    const parsed = RunbookSourcesSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    log.warn('runbooks: the runbook sources in settings are invalid; starting without them', parsed.error.issues[0]);
    notices.add('warning', 'The runbook sources in your settings could not be read; add them again.', parsed.error.issues[0]?.message, 'runbooks-config');
    return RunbookSourcesSettingsSchema.parse({});
  }

  return {
    get: () => config,
    save(next) {
      settings.setSection(SETTINGS_KEY, next);
      config = next;
    },
  };
}
