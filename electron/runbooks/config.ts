import { RunbookSourcesSettingsSchema, type RunbookSourcesSettings, type SourceConfig } from '../../shared/runbooks';
import { splitUrlSecrets, type SecretBox } from '../secrets';
import { defineSection, type SettingsService } from '../settings';

export const runbookSourcesSection = defineSection({
  key: 'runbookSources',
  schema: RunbookSourcesSettingsSchema,
  label: 'runbook sources',
  fallback: 'Baton started without them; add them again.',
});

/** The runbook sources, links and pins the user configured (settings section `runbookSources`). */
export interface SourcesConfig {
  /** As the main process uses it: every link in `urls`, unsealed (`sealedUrls` is empty here). */
  get(): RunbookSourcesSettings;
  /** Stores links with a token and git URLs with credentials sealed. */
  save(next: RunbookSourcesSettings): void;
}

/**
 * Read once; an invalid section is told once by the settings, and the feature starts without sources.
 * Links and git URLs with a token that an earlier Baton stored in the clear are sealed at start (in
 * memory at once, on disk when the disk takes it).
 */
export function openSourcesConfig(settings: Pick<SettingsService, 'read' | 'write' | 'keep'>, box: SecretBox): SourcesConfig {
  const stored = settings.read(runbookSourcesSection);
  const sealed = sealedForm(stored, box, stored);
  if (sealed !== stored) settings.keep(runbookSourcesSection, sealed, 'a token found in the clear in a runbook link stays in the clear in settings.json until then');
  let config = unsealed(sealed, box);
  return {
    get: () => config,
    save(next) {
      config = unsealed(settings.write(runbookSourcesSection, sealedForm(next, box)), box);
    },
  };
}

/** What settings.json holds: no link or git URL with a secret in the clear. Returns `previous` when nothing had to change. */
function sealedForm(config: RunbookSourcesSettings, box: SecretBox, previous?: RunbookSourcesSettings): RunbookSourcesSettings {
  const secretLinks = config.urls.filter((url) => splitUrlSecrets(url).hasSecrets);
  const gitToSeal = config.sources.some((s) => s.kind === 'git' && !s.sealedUrl && splitUrlSecrets(s.url).hasSecrets);
  if (previous && secretLinks.length === 0 && !gitToSeal) return previous;
  return {
    ...config,
    urls: config.urls.filter((url) => !secretLinks.includes(url)),
    sealedUrls: [...(previous?.sealedUrls ?? []), ...secretLinks.map((url) => box.encrypt(url))],
    sources: config.sources.map((s) => sealGitUrl(s, box)),
  };
}

function sealGitUrl(source: SourceConfig, box: SecretBox): SourceConfig {
  if (source.kind !== 'git' || source.sealedUrl) return source;
  const { bare, hasSecrets } = splitUrlSecrets(source.url);
  return hasSecrets ? { ...source, url: bare, sealedUrl: box.encrypt(source.url) } : source;
}

/** Links as the link source fetches them; a sealed link this machine cannot open is left out. */
function unsealed(config: RunbookSourcesSettings, box: SecretBox): RunbookSourcesSettings {
  const opened: string[] = [];
  for (const sealed of config.sealedUrls) {
    try {
      opened.push(box.decrypt(sealed));
    } catch {
      // Sealed by another keyring: the link has to be added again.
    }
  }
  return { ...config, urls: [...config.urls, ...opened], sealedUrls: [] };
}
