import crypto from 'node:crypto';
import { errorText } from '../../shared/errors';
import type { ConnectionReport, ServiceKind, ServiceSourceInput } from '../../shared/page-services';
import type { Shift } from '../../shared/schedule/types';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { UserError } from '../user-error';
import type { AlertmanagerTarget } from '../pages/alertmanager';
import type { PagesConfigStore, StoredService, StoredSource } from '../pages/config';
import { createAlertmanagerSource } from './alertmanager';
import { createRateGate, type RateGate } from './http';
import { createPagerDutySource } from './pagerduty';
import { createGrafanaIrmSource } from './grafana-irm';
import { createJsmSource } from './jsm';
import { createIncidentIoSource } from './incidentio';
import type { PageSourceModule, ServiceTarget } from './shape';

/** How often a service's on-call is asked again, and how far ahead. */
export const ONCALL_REFRESH_MS = 15 * 60_000;
const ONCALL_BEHIND_MS = 86_400_000;
const ONCALL_AHEAD_MS = 14 * 86_400_000;

/**
 * One module per configured source, made from its settings (read again at every call, so an edit
 * applies at once); one rate-limit gate for all of them (keyed by source, so each key has its
 * own budget); and the shifts each service last reported.
 */
export function createSourceModules(o: {
  clock: Clock;
  log: Logger;
  config: PagesConfigStore;
  alertmanagerTarget(source: StoredSource): AlertmanagerTarget;
  /** Alertmanager's bookkeeping after a poll (silences it lost are made again). */
  keepSilences(source: StoredSource, silencedBy: Map<string, string[]>): Promise<void>;
  /** A service's on-call shifts changed. */
  shiftsChanged(): void;
}) {
  const { clock, log, config } = o;
  const gate: RateGate = createRateGate(clock);
  const modules = new Map<string, PageSourceModule>();
  const shifts = new Map<string, { at: number; shifts: Shift[]; running: boolean }>();

  const storedSource = (id: string) => config.get().sources.find((s) => s.id === id);
  const storedService = (id: string) => config.get().services.find((s) => s.id === id);

  function serviceTarget(service: StoredService, token = config.tokenOf(service)): ServiceTarget {
    return { id: service.id, name: service.name, apiUrl: service.apiUrl, token, email: service.email, siteUrl: service.siteUrl, variant: service.variant, filters: service.filters };
  }
  function serviceModule(kind: ServiceKind, target: () => ServiceTarget): PageSourceModule {
    switch (kind) {
      case 'pagerduty':
        return createPagerDutySource(target, { clock, gate });
      case 'grafana-irm':
        return createGrafanaIrmSource(target, { clock, gate });
      case 'jsm':
        return createJsmSource(target, { clock, gate });
      case 'incidentio':
        return createIncidentIoSource(target, { clock, gate });
    }
  }

  function build(id: string): PageSourceModule | undefined {
    if (storedSource(id)) {
      const current = () => {
        const source = storedSource(id);
        if (!source) throw new UserError('That alert source no longer exists.');
        return source;
      };
      return createAlertmanagerSource({
        clock,
        log,
        name: () => current().name,
        target: () => o.alertmanagerTarget(current()),
        keepSilences: (silencedBy) => o.keepSilences(current(), silencedBy),
      });
    }
    const service = storedService(id);
    if (!service) return undefined;
    const current = () => {
      const s = storedService(id);
      if (!s) throw new UserError('That source no longer exists.');
      return serviceTarget(s);
    };
    return serviceModule(service.kind, current);
  }

  function get(id: string): PageSourceModule | undefined {
    let module = modules.get(id);
    if (!module) {
      module = build(id);
      if (module) modules.set(id, module);
    }
    return module;
  }

  return {
    get,
    /** A source changed or went: its module (and what it learned, e.g. who "me" is) is made again. */
    forget(id: string): void {
      modules.delete(id);
      if (shifts.delete(id)) o.shiftsChanged();
    },
    /** "Test connection" for a source as entered (its stored key when the form leaves it empty). */
    async test(input: ServiceSourceInput): Promise<ConnectionReport> {
      const stored = input.id ? storedService(input.id) : undefined;
      const token = input.token.trim() || (stored ? config.tokenOf(stored) : '');
      if (!token) throw new UserError('Enter the API key to test.');
      // Its own gate key: a test does not use up the stored source's budget, nor wait on it.
      const target: ServiceTarget = {
        id: `test-${crypto.randomBytes(4).toString('hex')}`,
        name: input.name,
        apiUrl: input.apiUrl.replace(/\/+$/, ''),
        token,
        email: input.email,
        siteUrl: input.siteUrl.replace(/\/+$/, ''),
        variant: input.variant,
        filters: input.filters,
      };
      return serviceModule(input.kind, () => target).test();
    },
    /** Asks a service for its on-call when the last answer is older than ONCALL_REFRESH_MS (after a poll: never blocks intake). */
    refreshOncall(id: string): void {
      const module = get(id);
      if (!module?.oncall) return;
      const known = shifts.get(id);
      const now = clock.now();
      if (known && (known.running || now - known.at < ONCALL_REFRESH_MS)) return;
      const entry = { at: now, shifts: known?.shifts ?? [], running: true };
      shifts.set(id, entry);
      module
        .oncall({ from: now - ONCALL_BEHIND_MS, to: now + ONCALL_AHEAD_MS })
        .then((list) => {
          if (shifts.get(id) !== entry) return;
          entry.shifts = list;
          o.shiftsChanged();
        })
        .catch((error: unknown) => log.warn(`pages: on-call of ${storedService(id)?.name ?? id} could not be read; the last shifts are kept`, errorText(error)))
        .finally(() => (entry.running = false));
    },
    /** Every service's on-call shifts, as last reported. */
    shifts(): Shift[] {
      const services = new Set(config.get().services.filter((s) => s.enabled).map((s) => s.id));
      return [...shifts].filter(([id]) => services.has(id)).flatMap(([, entry]) => entry.shifts);
    },
  };
}

export type SourceModules = ReturnType<typeof createSourceModules>;
