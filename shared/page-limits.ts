/**
 * How big an alert Baton takes in. Every page is held in memory, mirrored to the window and kept in
 * the journal, so an unbounded label map costs every later page (one 40,000-label page made ordinary
 * pages 15× slower). The limits sit far above what Prometheus and Alertmanager really send, so they
 * refuse abuse and mistakes, never a real alert:
 *
 * - Labels come from a series plus the rule's and Prometheus' external labels. Mimir and Cortex
 *   refuse series with more than 30 label names by default (`max_label_names_per_series`); a
 *   kube-prometheus alert carries 10–15. 100 leaves room for everything a real setup adds.
 * - Names: Mimir's default `max_label_name_length` is 1024, so a series a default Mimir took is never
 *   refused here; the same bound for annotation names.
 * - Label values: Mimir's default `max_label_value_length` is 2048; 8 KiB is four times that. Label
 *   values become the matchers of the silence an ack creates, so they stay short.
 * - Annotations are templated text (summary, description, runbook_url), sometimes with query output
 *   pasted in: up to 100 of them, each up to 64 KiB.
 * - All labels and annotations of one alert together: 256 KiB (names and values, in characters). A
 *   real alert weighs 1–2 KiB; this keeps one page's share of the state mirror bounded even when
 *   every single value is within its own limit.
 * - Alerts per Alertmanager notification: 20,000. Alertmanager sends a whole group in one request
 *   unless `max_alerts` is set, and a storm really can put thousands of alerts in one group (the fault
 *   matrix sends 10,000, and that is accepted). Alertmanager does not retry a 4xx, so refusing a real
 *   storm would lose it; above 20,000, set `max_alerts` in the webhook config: Alertmanager then says
 *   how many it left out and Baton shows that as a notice.
 *
 * The webhook refuses anything over a limit with 413 and names it; a poll cannot be refused, so a poll
 * result over a limit is trimmed (see `trimAlert`) and reported in the log and a notice.
 */
export const PAGE_LIMITS = {
  alertsPerPayload: 20_000,
  labelsPerAlert: 100,
  annotationsPerAlert: 100,
  nameChars: 1024,
  labelValueChars: 8 * 1024,
  annotationValueChars: 64 * 1024,
  alertTextChars: 256 * 1024,
} as const;

/**
 * The webhook's body cap. Sized for the largest payload the limits allow from a real sender: 20,000
 * alerts of a kube-prometheus kind (about 1 KiB each with description and generatorURL, up to ~1.6 KiB)
 * is about 32 MiB, which parses in ~0.1 s. Only a sender holding the token gets this far.
 */
export const MAX_WEBHOOK_BODY_BYTES = 32 * 1024 * 1024;

type Text = Record<string, string>;

/** Labels that decide the page and its silence; kept first when a poll result has to be trimmed. */
const KEY_LABELS = ['alertname', 'severity', 'priority'];
/** Annotations the page shows; kept first when trimming. */
const KEY_ANNOTATIONS = ['summary', 'message', 'description', 'runbook_url', 'runbook'];

function keyText(key: string): string {
  return JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
}

function mapProblem(what: string, map: Text, perMap: number, valueChars: number): string | null {
  const keys = Object.keys(map);
  if (keys.length > perMap) return `${what}: ${keys.length} ${what}, the limit is ${perMap}`;
  for (const key of keys) {
    if (key.length > PAGE_LIMITS.nameChars) return `${what}: a name of ${key.length} characters, the limit is ${PAGE_LIMITS.nameChars}`;
    const value = map[key];
    if (value.length > valueChars) return `${what}.${keyText(key)}: a value of ${value.length} characters, the limit is ${valueChars}`;
  }
  return null;
}

function textSize(map: Text): number {
  let n = 0;
  for (const key of Object.keys(map)) n += key.length + map[key].length;
  return n;
}

/**
 * What makes one alert too big, or null: `labels: 40000 labels, the limit is 100`. `annotationsName`
 * names the annotations in the message (the generic format calls them `details`).
 */
export function alertSizeProblem(labels: Text, annotations: Text, annotationsName = 'annotations'): string | null {
  const inLabels = mapProblem('labels', labels, PAGE_LIMITS.labelsPerAlert, PAGE_LIMITS.labelValueChars);
  if (inLabels) return inLabels;
  const inAnnotations = mapProblem(annotationsName, annotations, PAGE_LIMITS.annotationsPerAlert, PAGE_LIMITS.annotationValueChars);
  if (inAnnotations) return inAnnotations;
  const total = textSize(labels) + textSize(annotations);
  if (total > PAGE_LIMITS.alertTextChars) {
    return `labels and ${annotationsName}: ${total} characters in all, the limit is ${PAGE_LIMITS.alertTextChars}`;
  }
  return null;
}

export interface TrimmedAlert {
  labels: Text;
  annotations: Text;
  /** What was cut, for the log and the notice; empty when the alert was within every limit. */
  cut: string[];
}

function prioritised(map: Text, first: string[]): string[] {
  const keys = Object.keys(map);
  const key = first.filter((k) => Object.hasOwn(map, k));
  return [...key, ...keys.filter((k) => !key.includes(k))];
}

/**
 * Brings an alert within the limits without losing the page (a poll result cannot be refused).
 * Labels over a limit are dropped, never shortened: a shortened value would make the ack's silence
 * miss the alert, while a silence on fewer labels still matches it. Annotations are shortened (they
 * are only shown). `alertname` and `severity`, `summary`, `description` and `runbook_url` are kept first.
 */
export function trimAlert(labels: Text, annotations: Text): TrimmedAlert {
  if (alertSizeProblem(labels, annotations) === null) return { labels, annotations, cut: [] };
  const L = PAGE_LIMITS;
  let budget = L.alertTextChars;
  let droppedLabels = 0;
  let droppedAnnotations = 0;
  let shortened = 0;

  const keptLabels: Text = {};
  let labelCount = 0;
  for (const key of prioritised(labels, KEY_LABELS)) {
    const value = labels[key];
    const size = key.length + value.length;
    if (labelCount >= L.labelsPerAlert || key.length > L.nameChars || value.length > L.labelValueChars || size > budget) {
      droppedLabels++;
      continue;
    }
    keptLabels[key] = value;
    labelCount++;
    budget -= size;
  }

  const keptAnnotations: Text = {};
  let annotationCount = 0;
  for (const key of prioritised(annotations, KEY_ANNOTATIONS)) {
    let value = annotations[key];
    if (annotationCount >= L.annotationsPerAlert || key.length > L.nameChars || key.length + 1 > budget) {
      droppedAnnotations++;
      continue;
    }
    const room = Math.min(L.annotationValueChars, budget - key.length);
    if (value.length > room) {
      value = `${value.slice(0, room - 1)}…`;
      shortened++;
    }
    keptAnnotations[key] = value;
    annotationCount++;
    budget -= key.length + value.length;
  }

  const cut = [
    droppedLabels > 0 && `${droppedLabels} of ${Object.keys(labels).length} labels dropped`,
    droppedAnnotations > 0 && `${droppedAnnotations} of ${Object.keys(annotations).length} annotations dropped`,
    shortened > 0 && `${shortened} annotation value(s) shortened`,
  ].filter((s): s is string => typeof s === 'string');
  return { labels: keptLabels, annotations: keptAnnotations, cut };
}
