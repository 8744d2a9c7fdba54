import zlib from 'node:zlib';

/**
 * Runbook repositories as teams keep them: documentation sites built with Hugo, MkDocs and
 * Docusaurus, generated here (small, but with the parts that are not runbooks: section indexes,
 * archetypes, READMEs, blog posts, partials, layout front matter, shortcodes, images).
 */

/** A real PNG: a horizontal gradient with a band, `width`×`height`, RGB. */
export function pngImage(width: number, height: number, hue: [number, number, number] = [40, 110, 200]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const t = x / Math.max(1, width - 1);
      const band = y > height / 3 && y < (2 * height) / 3 ? 0.6 : 1;
      row[1 + x * 3] = Math.round(hue[0] * band + 200 * t * (1 - band));
      row[2 + x * 3] = Math.round(hue[1] * band + 120 * t);
      row[3 + x * 3] = Math.round(hue[2] * band * (1 - t / 2));
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const FLOW_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">
  <rect x="2" y="2" width="96" height="56" rx="8" fill="#e8f0fe" stroke="#1a56db"/>
  <text x="50" y="35" font-size="14" text-anchor="middle" font-family="sans-serif">Pod</text>
  <path d="M100 30 H140" stroke="#1a56db" stroke-width="3"/>
  <rect x="142" y="2" width="96" height="56" rx="8" fill="#fde8e8" stroke="#c81e1e"/>
  <text x="190" y="35" font-size="14" text-anchor="middle" font-family="sans-serif">Restart</text>
</svg>
`;

/** A Hugo site like a Kubernetes monitoring stack's runbooks: TOML and YAML front matter, refs, bundles, static images. */
export function hugoSite(): Record<string, string | Uint8Array> {
  return {
    'hugo.yaml': 'baseURL: https://runbooks.example.com/\ntitle: Runbooks\n',
    'README.md': '# Runbooks site\n\nRun `hugo server` to preview.\n',
    'CONTRIBUTING.md': '# Contributing\n\nOpen a pull request.\n',
    'archetypes/default.md': '---\ntitle: "{{ replace .Name "-" " " | title }}"\ndraft: true\n---\n\n# Meaning\n\n# Impact\n',
    'layouts/shortcodes/note.md': 'not content\n',
    'static/images/flow.svg': FLOW_SVG,
    'content/_index.md': '---\ntitle: Runbooks\n---\n# All runbooks\n',
    'content/runbooks/_index.md': '---\ntitle: Runbooks\nweight: 10\n---\n',
    'content/runbooks/kubernetes/_index.md': '+++\ntitle = "Kubernetes"\nweight = 20\n+++\n',
    'content/runbooks/kubernetes/KubePodCrashLooping.md': `+++
title = "Kube Pod Crash Looping"
weight = 20
aliases = ["/kubepodcrashlooping/"]
team = "platform"
alerts = ["KubePodCrashLooping"]

[menu.main]
parent = "kubernetes"
+++
# KubePodCrashLooping

## Meaning

A container of the pod keeps restarting. See the [flow of a restart](#diagnosis) below.

![How a crash loop goes](/images/flow.svg)

![The restart graph](crashloop.png)

## Diagnosis

- [ ] Check the pod's events
- If the pod is also not ready, follow [KubePodNotReady]({{< ref "./KubePodNotReady.md" >}}).
- A full disk on the node: [the node runbook]({{< relref "/runbooks/node/NodeFilesystemAlmostOutOfSpace" >}}).
- Its diagnosis section: [not ready, diagnosis]({{< ref "KubePodNotReady.md#diagnosis" >}}).
- Escalate to [the platform team](mailto:platform-oncall@example.com?subject=crashloop).
- A page that does not exist: [old runbook](../old/Gone.md).

{{< hint info >}}
Most crash loops are bad config.
{{< /hint >}}

<details>
<summary>Why does the backoff grow?</summary>

The kubelet doubles the delay after each crash, up to **five minutes**.

\`\`\`sh
kubectl -n "$NS" get pod "$POD" -o jsonpath='{.status.containerStatuses[*].restartCount}'
\`\`\`

</details>

## Mitigation

Roll back: \`kubectl rollout undo deploy/"$DEPLOY"\`.
`,
    'content/runbooks/kubernetes/crashloop.png': pngImage(360, 90),
    'content/runbooks/kubernetes/KubePodNotReady.md': `---
title: Kube Pod Not Ready
weight: 30
draft: false
menu:
  main:
    parent: kubernetes
service: kubernetes
---
# KubePodNotReady

## Diagnosis

Check readiness probes. Back to [crash looping](KubePodCrashLooping.md#meaning).
`,
    'content/runbooks/node/_index.md': '---\ntitle: Node\n---\n',
    'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md': `---
title: Node filesystem almost out of space
weight: 5
---
# NodeFilesystemAlmostOutOfSpace

![Disk usage](usage.png)

Pods crash loop when the disk fills: see [{{< ref "KubePodCrashLooping.md" >}}]({{< ref "KubePodCrashLooping.md" >}}).
`,
    'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/usage.png': pngImage(120, 40, [200, 120, 40]),
  };
}

/** An MkDocs site: docs_dir, a home page and section indexes, links to rendered pages and between sections. */
export function mkdocsSite(): Record<string, string> {
  return {
    'mkdocs.yml': 'site_name: SRE runbooks\ndocs_dir: docs\ntheme:\n  name: material\n',
    'README.md': '# SRE runbooks\n\nBuilt with MkDocs.\n',
    'overrides/partials/footer.md': 'theme override\n',
    'docs/index.md': '# Welcome\n\nAll runbooks are in the menu.\n',
    'docs/alerts/index.md': '# Alerts\n',
    'docs/alerts/HighErrorRate.md': `---
title: High error rate
hide:
  - navigation
search:
  boost: 2
team: payments
---
# High error rate

Check latency first: [HighLatency](HighLatency.md#mitigate), or the [rendered page](../alerts/HighLatency.html).
Back to [the home page](../index.md).
`,
    'docs/alerts/HighLatency.md': '# High latency\n\n## Mitigate\n\nScale out the ingress.\n',
    'docs/templates/runbook-template.md': '# Alert name\n\n## Steps\n',
  };
}

/** A Docusaurus site: docs with sidebar front matter, partials, a blog, pages, static images, pretty links. */
export function docusaurusSite(): Record<string, string | Uint8Array> {
  return {
    'docusaurus.config.js': 'module.exports = { title: "Runbooks" };\n',
    'README.md': '# Website\n\nThis website is built using Docusaurus.\n',
    'blog/2024-05-01-welcome.md': '---\nslug: welcome\n---\n# Welcome to the blog\n',
    'src/pages/markdown-page.md': '# A markdown page\n',
    'static/img/disk.png': pngImage(64, 32),
    'docs/intro.md': '---\nsidebar_position: 1\n---\n# Introduction\n',
    'docs/runbooks/index.md': '# Runbooks\n',
    'docs/runbooks/_shared-steps.md': '- check the dashboard\n',
    'docs/runbooks/DiskFull.md': `---
sidebar_position: 2
sidebar_label: Disk full
slug: /disk-full
custom_edit_url: null
service: storage
---
# Disk full

![disk](/img/disk.png)

If memory is also short, see [MemoryPressure](./MemoryPressure.md) or [the pretty link](MemoryPressure).
`,
    'docs/runbooks/MemoryPressure.md': '# Memory pressure\n\nLook at the OOM kills.\n',
  };
}
