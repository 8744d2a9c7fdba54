import crypto from 'node:crypto';
import { z } from 'zod';
import {
  AlertmanagerSourceInputSchema,
  DEFAULT_WEBHOOK_PORT,
  parseMatcher,
  type AlertmanagerSourceInput,
  type PagesConfigView,
} from '../../shared/pages';
import { UserError } from '../user-error';
import { splitUrlSecrets, type SecretBox } from '../secrets';
import { isWebProtocol } from '../../shared/url';
import { ServiceSourceInputSchema, type ServiceSourceInput, type ServiceSourceView } from '../../shared/page-services';
import { defineSection, type SettingsService } from '../settings';

/** The `pageSources` settings section as stored: secrets only sealed. (Rules live with the notification settings.) */
const StoredSourceSchema = AlertmanagerSourceInputSchema.omit({ secret: true, id: true }).extend({
  id: z.string().min(1).max(200),
  secretSealed: z.string().max(64 * 1024).optional(),
  /** The URL as given, sealed, when it carried credentials or a query (a token); `url` then has neither. */
  urlSealed: z.string().max(64 * 1024).optional(),
});
export type StoredSource = z.infer<typeof StoredSourceSchema>;

/** A paging service (PagerDuty, …) as stored: its token only sealed. */
const StoredServiceSchema = ServiceSourceInputSchema.omit({ token: true, id: true }).extend({
  id: z.string().min(1).max(200),
  tokenSealed: z.string().max(64 * 1024).optional(),
});
export type StoredService = z.infer<typeof StoredServiceSchema>;

export const StoredConfigSchema = z.object({
  sources: z.array(StoredSourceSchema).max(50).default([]),
  services: z.array(StoredServiceSchema).max(50).default([]),
  webhook: z
    .object({
      enabled: z.boolean().default(true),
      port: z.number().int().min(0).max(65535).default(DEFAULT_WEBHOOK_PORT),
      tokenSealed: z.string().max(64 * 1024).optional(),
    })
    .prefault({}),
  ackMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
});
export type StoredConfig = z.infer<typeof StoredConfigSchema>;

export const pageSourcesSection = defineSection({
  key: 'pageSources',
  schema: StoredConfigSchema,
  label: 'alert-source settings',
  fallback: 'Baton started without them.',
});

export interface PagesConfigStore {
  get(): StoredConfig;
  set(next: StoredConfig): void;
  /** The webhook token, generated and sealed on first use. */
  webhookToken(): string;
  /** A source's password or token, unsealed (empty when none). */
  secretOf(source: StoredSource): string;
  /** The URL to call, with any credentials or token it was given with (unsealed). */
  urlOf(source: StoredSource): string;
  upsertSource(input: AlertmanagerSourceInput): StoredSource;
  /** A paging service's API key, unsealed. */
  tokenOf(service: StoredService): string;
  upsertService(input: ServiceSourceInput): StoredService;
  view(): PagesConfigView;
}

/** The alert sources, their secrets and the webhook, kept in the `pageSources` section of the settings. */
export function openPagesConfig(settings: Pick<SettingsService, 'get' | 'read' | 'write' | 'keep'>, box: SecretBox): PagesConfigStore {
  let config = sealUrlSecrets(settings, box, settings.read(pageSourcesSection));
  const store: PagesConfigStore = {
    get: () => config,
    set(next) {
      config = settings.write(pageSourcesSection, next);
    },
    webhookToken() {
      const sealed = config.webhook.tokenSealed;
      if (sealed) {
        try {
          return box.decrypt(sealed);
        } catch {
          // A token sealed by another keyring cannot be read: make a new one (senders must be updated).
        }
      }
      const token = crypto.randomBytes(24).toString('base64url');
      // The receiver must answer with this token even when the disk refuses it: kept in memory, and said so.
      config = settings.keep(
        pageSourcesSection,
        { ...config, webhook: { ...config.webhook, tokenSealed: box.encrypt(token) } },
        'the new webhook token works until Baton quits; after a restart a new one is made and senders must be given it',
      );
      return token;
    },
    secretOf(source) {
      if (!source.secretSealed) return '';
      try {
        return box.decrypt(source.secretSealed);
      } catch {
        throw new UserError(`The stored credentials of "${source.name}" cannot be read on this machine; enter them again.`);
      }
    },
    urlOf(source) {
      if (!source.urlSealed) return source.url;
      try {
        return box.decrypt(source.urlSealed);
      } catch {
        throw new UserError(`The stored URL of "${source.name}" cannot be read on this machine; enter it again.`);
      }
    },
    upsertSource(input) {
      checkSourceInput(input);
      const existing = input.id ? config.sources.find((s) => s.id === input.id) : undefined;
      if (input.id && !existing) throw new UserError('That alert source no longer exists.');
      const { secret, id: _id, ...rest } = input;
      const given = input.url.replace(/\/+$/, '');
      // The form shows the URL without its secrets: sent back unchanged, the sealed one stays.
      const url = existing?.urlSealed && given === existing.url ? { url: existing.url, urlSealed: existing.urlSealed } : sealedUrl(box, given);
      const source: StoredSource = {
        ...rest,
        ...url,
        id: existing?.id ?? `am-${crypto.randomBytes(6).toString('hex')}`,
        secretSealed: input.auth === 'none' ? undefined : secret ? box.encrypt(secret) : existing?.secretSealed,
      };
      const sources = existing ? config.sources.map((s) => (s.id === source.id ? source : s)) : [...config.sources, source];
      store.set({ ...config, sources });
      return source;
    },
    tokenOf(service) {
      if (!service.tokenSealed) return '';
      try {
        return box.decrypt(service.tokenSealed);
      } catch {
        throw new UserError(`The stored API key of "${service.name}" cannot be read on this machine; enter it again.`);
      }
    },
    upsertService(input) {
      const existing = input.id ? config.services.find((s) => s.id === input.id) : undefined;
      if (input.id && !existing) throw new UserError('That source no longer exists.');
      checkServiceInput(input, Boolean(existing?.tokenSealed));
      const { token, id: _id, ...rest } = input;
      const service: StoredService = {
        ...rest,
        apiUrl: input.apiUrl.replace(/\/+$/, ''),
        siteUrl: input.siteUrl.replace(/\/+$/, ''),
        id: existing?.id ?? `${input.kind}-${crypto.randomBytes(6).toString('hex')}`,
        tokenSealed: token ? box.encrypt(token.trim()) : existing?.tokenSealed,
      };
      const services = existing ? config.services.map((s) => (s.id === service.id ? service : s)) : [...config.services, service];
      store.set({ ...config, services });
      return service;
    },
    view: () => ({
      sources: config.sources.map(({ secretSealed, urlSealed: _sealed, ...s }) => ({ ...s, hasSecret: Boolean(secretSealed) })),
      services: config.services.map(serviceView),
      webhook: { enabled: config.webhook.enabled, port: config.webhook.port },
      rules: settings.get().notifications.rules,
      criticalBreaksPause: settings.get().notifications.criticalBreaksPause,
      ackMinutes: config.ackMinutes,
    }),
  };
  return store;
}

function checkSourceInput(input: AlertmanagerSourceInput): void {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new UserError(`"${input.url.slice(0, 200)}" is not a URL; use e.g. http://alertmanager.example:9093`);
  }
  if (!isWebProtocol(url.protocol)) throw new UserError('The Alertmanager URL must start with http:// or https://.');
  if ((url.username || url.password) && input.auth !== 'none') {
    throw new UserError('Give the credentials either in the URL or in the authentication fields, not both.');
  }
  for (const filter of input.filters) {
    if (filter.trim() && !parseMatcher(filter)) throw new UserError(`Filter "${filter}" is not a matcher like team="payments".`);
  }
  if (input.receiver) {
    try {
      new RegExp(input.receiver);
    } catch {
      throw new UserError(`Receiver "${input.receiver}" is not a valid regular expression.`);
    }
  }
}

export function serviceView({ tokenSealed, ...s }: StoredService): ServiceSourceView {
  return { ...s, hasToken: Boolean(tokenSealed) };
}

/** A service's API URL is https (http only on this computer, for a local proxy): the key travels in a header. */
function checkServiceInput(input: ServiceSourceInput, hasToken: boolean): void {
  checkServiceUrl('API URL', input.apiUrl);
  if (input.kind === 'grafana-irm' && input.variant === 'default') checkServiceUrl('Grafana stack URL', input.siteUrl);
  if (input.kind === 'jsm' && input.variant === 'default') {
    checkServiceUrl('Atlassian site URL', input.siteUrl);
    if (!input.email) throw new UserError('The JSM operations API needs the e-mail of your Atlassian account with its API token.');
  }
  if (!input.token.trim() && !hasToken) throw new UserError('An API key is needed.');
  if (input.email && !z.email().safeParse(input.email).success) throw new UserError(`"${input.email.slice(0, 200)}" is not an e-mail address.`);
}

function checkServiceUrl(what: string, raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`The ${what} "${raw.slice(0, 200)}" is not a URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new UserError(`The ${what} must start with https:// (http:// only for this computer).`);
  if (url.username || url.password || url.search || url.hash) throw new UserError(`Give the API key in its own field, not in the ${what}.`);
}

/** The URL as stored: without secrets in the clear, the whole of it sealed when it had any. */
function sealedUrl(box: SecretBox, url: string): { url: string; urlSealed?: string } {
  const { bare, hasSecrets } = splitUrlSecrets(url);
  return hasSecrets ? { url: bare.replace(/\/+$/, ''), urlSealed: box.encrypt(url) } : { url };
}

/**
 * Sources saved by an earlier Baton kept a token in the URL in the clear: seal it now, in memory at
 * once and on disk when the disk takes it (a start writes only because something changed).
 */
function sealUrlSecrets(settings: Pick<SettingsService, 'write' | 'keep'>, box: SecretBox, config: StoredConfig): StoredConfig {
  const unsealed = config.sources.filter((s) => !s.urlSealed && splitUrlSecrets(s.url).hasSecrets);
  if (unsealed.length === 0) return config;
  const sources = config.sources.map((s) => (unsealed.includes(s) ? { ...s, ...sealedUrl(box, s.url) } : s));
  return settings.keep(pageSourcesSection, { ...config, sources }, 'a token found in the clear in an alert-source URL stays in the clear in settings.json until then');
}
