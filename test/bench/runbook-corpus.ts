import fs from 'node:fs';
import path from 'node:path';
import { LABELLED_RUNBOOKS, labelledRunbookText } from './runbook-labelled';

/**
 * Generates runbooks that look like real ones: front matter, an alert-named file, sections
 * (Summary, Impact, Diagnose, Mitigate, Escalate), task lists, shell blocks, the odd table;
 * 2–20 KB each, from a vocabulary of operations English, services and tools.
 */
const SERVICES = Array.from({ length: 240 }, (_, i) => `${['payments', 'checkout', 'search', 'ledger', 'auth', 'billing', 'catalog', 'inventory', 'gateway', 'notifier', 'reports', 'profile'][i % 12]}-${['api', 'worker', 'db', 'cache', 'queue', 'cron', 'proxy', 'stream', 'indexer', 'scheduler'][Math.floor(i / 12) % 10]}${i >= 120 ? '-eu' : ''}`);
const TEAMS = ['platform', 'payments', 'storage', 'identity', 'growth', 'data', 'edge', 'mobile'];
const ALERT_PARTS = ['Kube', 'Pod', 'CrashLooping', 'Node', 'Disk', 'Full', 'Memory', 'Pressure', 'High', 'Latency', 'Error', 'Rate', 'Etcd', 'NoLeader', 'Cert', 'Expiring', 'Replica', 'Lag', 'Queue', 'Backlog', 'Target', 'Down', 'Job', 'Failed', 'Api', 'Slow', 'Connection', 'Pool', 'Exhausted', 'Volume', 'Inode'];
const WORDS = `check verify restart drain cordon scale rollback deploy release config secret volume mount node pod container image registry cluster namespace ingress egress service endpoint load balancer certificate expiry rotation token vault database replica primary failover backup snapshot restore migration schema index query latency throughput saturation error budget objective alert page incident severity escalate owner rotation handoff dashboard grafana prometheus metric counter gauge histogram bucket quantile label selector matcher silence inhibit route receiver webhook retry backoff timeout deadline circuit breaker cache eviction memory heap garbage collector thread pool connection socket file descriptor disk inode filesystem partition kafka consumer producer topic offset lag broker zookeeper etcd quorum leader election raft consensus kernel cgroup oom killer swap cpu throttling quota limit request priority preemption autoscaler horizontal vertical cron job batch queue backlog worker shard partition rebalance region zone availability outage degradation customer impact status page communication postmortem timeline root cause mitigation workaround follow action item ticket runbook procedure step command output expected healthy unhealthy threshold warning critical recover resolve verify confirm traffic shift canary blue green feature flag toggle configuration drift terraform helm chart values manifest annotation sidecar proxy envoy mesh mtls handshake dns resolver nameserver record propagation cdn origin purge header cookie session redis memcached postgres mysql vacuum bloat autovacuum checkpoint wal archive replication slot logical physical standby promote fence split brain`.split(/\s+/);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateRunbook(i: number): { name: string; text: string } {
  const r = rng(i * 7919 + 17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  // Unique, realistic alert names: <Service><Part><Part>, e.g. CheckoutApiHighLatency.
  const owner = SERVICES[Math.floor(i / (ALERT_PARTS.length * ALERT_PARTS.length)) % SERVICES.length];
  const camel = owner.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  const alert = `${camel}${ALERT_PARTS[i % ALERT_PARTS.length]}${ALERT_PARTS[Math.floor(i / ALERT_PARTS.length) % ALERT_PARTS.length]}`;
  const service = pick(SERVICES);
  const sentence = () => {
    const n = 8 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    if (r() < 0.3) words[Math.floor(r() * n)] = service;
    return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(r() * 4) }, sentence).join(' ');
  const target = 2048 + Math.floor(r() * 18 * 1024);
  const parts = [
    `---\ntitle: ${alert} on ${service}\nalert: ${alert}\nservice: ${service}\nteam: ${pick(TEAMS)}\nseverity: ${pick(['critical', 'warning', 'info'])}\n---\n`,
    `# ${alert}\n\n${paragraph()}\n`,
  ];
  const sections = ['Summary', 'Impact', 'Diagnose', 'Mitigate', 'Escalate', 'Verify', 'Background', 'Known issues'];
  let size = parts.join('').length;
  let s = 0;
  while (size < target) {
    const kind = r();
    let block: string;
    if (kind < 0.15) block = `## ${sections[s++ % sections.length]} ${s > sections.length ? Math.floor(s / sections.length) : ''}\n\n`;
    else if (kind < 0.35) block = Array.from({ length: 3 + Math.floor(r() * 4) }, () => `- [ ] ${sentence()}`).join('\n') + '\n\n';
    else if (kind < 0.5) block = `\`\`\`sh\nkubectl -n ${service} get pods -l app=${service} -o wide\nkubectl -n ${service} logs deploy/${service} --since=15m | grep -i ${pick(WORDS)}\n\`\`\`\n\n`;
    else if (kind < 0.55) block = `| check | expected |\n|---|---|\n${Array.from({ length: 4 }, () => `| ${pick(WORDS)} ${pick(WORDS)} | ${pick(WORDS)} |`).join('\n')}\n\n`;
    else block = `${paragraph()}\n\n`;
    parts.push(block);
    size += block.length;
  }
  return { name: `${alert}.md`, text: parts.join('') };
}

/** Where the labelled runbooks go in a corpus of `count`: spread out, each in place of a generated one. */
function labelledAt(i: number, count: number): number {
  const step = Math.max(1, Math.floor(count / LABELLED_RUNBOOKS.length));
  return i % step === 0 && i / step < LABELLED_RUNBOOKS.length ? i / step : -1;
}

/** Body text of a generated runbook without its front matter and headings, about `size` characters. */
function filler(i: number, size: number): string {
  const lines = generateRunbook(i).text.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n').filter((l) => !l.startsWith('#'));
  let out = '';
  for (const line of lines) {
    if (out.length >= size) break;
    out += `${line}\n`;
  }
  return out.trim();
}

export function writeCorpus(dir: string, count: number): { bytes: number; vocabulary: string[] } {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const labelled = labelledAt(i, count);
    const entry = LABELLED_RUNBOOKS[labelled];
    const { name, text } = entry ? { name: `${entry.alert}.md`, text: labelledRunbookText(entry, filler(i, 2000)) } : generateRunbook(i);
    const sub = path.join(dir, `team-${i % 20}`);
    if (i < 20) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, name), text);
    bytes += text.length;
  }
  return { bytes, vocabulary: [...WORDS, ...SERVICES] };
}
