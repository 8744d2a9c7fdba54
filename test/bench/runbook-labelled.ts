/**
 * Runbooks named and written the way a public Kubernetes monitoring stack's runbook repository
 * writes them (alert-named files, a Meaning / Impact / Diagnosis / Mitigation outline, the alert's
 * own vocabulary, not the words an engineer types at 3 a.m.), and everyday queries with the
 * runbooks that answer them. Search quality (`runbook.search_top3`, MRR) is measured with them
 * mixed into the generated corpus, whose alert names share many of the same words.
 */
export interface LabelledRunbook {
  alert: string;
  meaning: string;
  diagnosis: string;
  mitigation: string;
}

export const LABELLED_RUNBOOKS: LabelledRunbook[] = [
  { alert: 'KubePodCrashLooping', meaning: 'Pod is in CrashLoopBackOff state: its container exits and the kubelet restarts it again and again.', diagnosis: 'Describe the pod and read the previous container logs to see why the process exits.', mitigation: 'Fix the configuration or roll back the last deployment.' },
  { alert: 'KubePodNotReady', meaning: 'Pod has been in a non-ready state for longer than 15 minutes.', diagnosis: 'Check readiness probes and events of the pod.', mitigation: 'Fix the failing readiness probe or its dependency.' },
  { alert: 'KubeDeploymentReplicasMismatch', meaning: 'Deployment has not matched the expected number of replicas.', diagnosis: 'Compare desired and available replicas; look for pending pods and scheduling events.', mitigation: 'Free capacity or lower the replica count.' },
  { alert: 'KubeDeploymentRolloutStuck', meaning: 'Rollout of a deployment is not progressing.', diagnosis: 'Check the rollout status and the new replica set.', mitigation: 'Undo the rollout to the previous revision.' },
  { alert: 'KubeStatefulSetReplicasMismatch', meaning: 'StatefulSet has not matched the expected number of replicas.', diagnosis: 'Look at the ordinal that is not ready and its persistent volume claim.', mitigation: 'Repair the stuck ordinal.' },
  { alert: 'KubeDaemonSetRolloutStuck', meaning: 'DaemonSet update is not progressing on every node.', diagnosis: 'Find nodes where the new daemon pod is not scheduled.', mitigation: 'Cordon the broken node or fix the taint.' },
  { alert: 'KubeContainerWaiting', meaning: 'Container in a pod has been in waiting state for a long time, often ImagePullBackOff or ErrImagePull.', diagnosis: 'Check the image name, tag and registry credentials.', mitigation: 'Push the image or fix the pull secret.' },
  { alert: 'KubeJobCompletion', meaning: 'Job is taking more than 12 hours to complete.', diagnosis: 'Check the job pods and their progress.', mitigation: 'Kill the hung job pod so the controller retries.' },
  { alert: 'KubeJobFailed', meaning: 'Job failed to complete; its pods exited with errors.', diagnosis: 'Read the logs of the failed pods of the job.', mitigation: 'Fix the cause and delete the failed job.' },
  { alert: 'KubeHpaMaxedOut', meaning: 'Horizontal pod autoscaler has been running at max replicas for a long time.', diagnosis: 'Check the autoscaler metrics and the load.', mitigation: 'Raise the maximum or add capacity.' },
  { alert: 'KubeCPUOvercommit', meaning: 'Cluster has overcommitted CPU resource requests for pods and cannot tolerate node failure.', diagnosis: 'Sum CPU requests per node.', mitigation: 'Add nodes or lower requests.' },
  { alert: 'KubeMemoryOvercommit', meaning: 'Cluster has overcommitted memory resource requests for pods and cannot tolerate node failure.', diagnosis: 'Sum memory requests per node.', mitigation: 'Add nodes or lower requests.' },
  { alert: 'KubeQuotaExceeded', meaning: 'Namespace is using more than its resource quota allows.', diagnosis: 'Compare usage and hard limits of the ResourceQuota.', mitigation: 'Raise the quota or scale down.' },
  { alert: 'CPUThrottlingHigh', meaning: 'Processes in a container experience elevated CPU throttling because of its CPU limit.', diagnosis: 'Compare throttled periods with the limit.', mitigation: 'Raise the CPU limit or remove it.' },
  { alert: 'KubePersistentVolumeFillingUp', meaning: 'PersistentVolume claimed by a pod is filling up; little free space is left on the volume.', diagnosis: 'Check which files grow on the volume and the usage trend.', mitigation: 'Expand the volume claim or delete old data.' },
  { alert: 'KubePersistentVolumeInodesFillingUp', meaning: 'PersistentVolume is running out of inodes.', diagnosis: 'Count small files on the volume.', mitigation: 'Remove many small files or recreate the filesystem with more inodes.' },
  { alert: 'KubePersistentVolumeErrors', meaning: 'PersistentVolume has a Failed or Pending status: provisioning failed.', diagnosis: 'Describe the volume and the storage class provisioner.', mitigation: 'Fix the provisioner and recreate the claim.' },
  { alert: 'KubeNodeNotReady', meaning: 'Node has been unready for more than 15 minutes.', diagnosis: 'Check kubelet status, conditions and events of the node.', mitigation: 'Restart the kubelet or replace the machine.' },
  { alert: 'KubeNodeUnreachable', meaning: 'Node is unreachable and some workloads may be rescheduled; it carries the unreachable taint.', diagnosis: 'Check the machine and its network.', mitigation: 'Reboot or replace the machine.' },
  { alert: 'KubeletTooManyPods', meaning: 'Kubelet is running at capacity: the number of pods on the node is near its limit.', diagnosis: 'Count pods per node.', mitigation: 'Spread workloads or raise max pods.' },
  { alert: 'KubeletPodStartUpLatencyHigh', meaning: 'Kubelet pod startup latency is high: pods take long to start on the node.', diagnosis: 'Check image pulls and the container runtime on the node.', mitigation: 'Pre-pull images or fix the runtime.' },
  { alert: 'KubeletClientCertificateExpiration', meaning: 'Client certificate of the kubelet expires soon.', diagnosis: 'Check certificate rotation of the kubelet.', mitigation: 'Approve pending CSRs and rotate the certificate.' },
  { alert: 'KubeletServerCertificateRenewalErrors', meaning: 'Kubelet has failed to renew its server certificate.', diagnosis: 'Read kubelet logs for CSR errors.', mitigation: 'Approve the certificate signing request.' },
  { alert: 'KubeClientCertificateExpiration', meaning: 'A client certificate used to authenticate to the apiserver is expiring.', diagnosis: 'Find which client uses the expiring certificate.', mitigation: 'Renew and redistribute the client certificate.' },
  { alert: 'KubeAPIErrorBudgetBurn', meaning: 'The API server is burning too much error budget: many requests fail or are slow.', diagnosis: 'Check apiserver request errors and latency by verb.', mitigation: 'Find the noisy client and throttle it.' },
  { alert: 'KubeAPIDown', meaning: 'KubeAPI has disappeared from Prometheus target discovery: the API server is down.', diagnosis: 'Check the apiserver pods and the control plane.', mitigation: 'Restore the control plane.' },
  { alert: 'KubeAggregatedAPIErrors', meaning: 'Kubernetes aggregated API has reported errors.', diagnosis: 'Check the APIService availability.', mitigation: 'Restart the extension API server.' },
  { alert: 'KubeClientErrors', meaning: 'Kubernetes API server client is experiencing errors.', diagnosis: 'Find the client with the most 5xx responses.', mitigation: 'Fix the client or the apiserver.' },
  { alert: 'NodeFilesystemSpaceFillingUp', meaning: 'Filesystem on a node is predicted to run out of space within the next 24 hours.', diagnosis: 'Find the mount point and the biggest directories with du.', mitigation: 'Clean up logs and images or grow the partition.' },
  { alert: 'NodeFilesystemAlmostOutOfSpace', meaning: 'Filesystem on a node has less than 5% space left.', diagnosis: 'Find the mount point and what fills it.', mitigation: 'Delete old files or grow the partition.' },
  { alert: 'NodeFilesystemFilesFillingUp', meaning: 'Filesystem is predicted to run out of inodes soon.', diagnosis: 'Count files per directory.', mitigation: 'Delete many small files.' },
  { alert: 'NodeFileDescriptorLimit', meaning: 'Kernel is predicted to exhaust its file descriptors limit soon.', diagnosis: 'Check fs.file-nr and which processes hold the most descriptors with lsof.', mitigation: 'Raise fs.file-max and the ulimit, or fix the leaking process.' },
  { alert: 'NodeRAIDDegraded', meaning: 'RAID array is degraded: a drive failed.', diagnosis: 'Check mdadm status.', mitigation: 'Replace the failed drive.' },
  { alert: 'NodeNetworkReceiveErrs', meaning: 'Network interface is reporting many receive errors.', diagnosis: 'Check interface counters and the cable or NIC.', mitigation: 'Move workloads off the node.' },
  { alert: 'NodeHighNumberConntrackEntriesUsed', meaning: 'Number of conntrack entries is close to the limit.', diagnosis: 'Check nf_conntrack_count against nf_conntrack_max.', mitigation: 'Raise the conntrack limit.' },
  { alert: 'NodeClockNotSynchronising', meaning: 'Clock on a node is not synchronising; ntp or chrony is not working.', diagnosis: 'Check timedatectl and chronyc sources.', mitigation: 'Restart the time daemon.' },
  { alert: 'NodeClockSkewDetected', meaning: 'Clock on a node is out of sync by more than 0.05 seconds.', diagnosis: 'Compare the node time with a reference.', mitigation: 'Resync the time daemon.' },
  { alert: 'NodeMemoryHighUtilization', meaning: 'Node is running low on memory: less than 10% is available.', diagnosis: 'Find the processes using the most memory.', mitigation: 'Move workloads or add memory.' },
  { alert: 'NodeSystemdServiceFailed', meaning: 'A systemd unit on the node has failed.', diagnosis: 'Check systemctl status and journalctl for the unit.', mitigation: 'Restart the unit.' },
  { alert: 'NodeDiskIOSaturation', meaning: 'Disk IO queue is high on a device: the device is saturated.', diagnosis: 'Check iostat await and utilisation.', mitigation: 'Move IO heavy workloads.' },
  { alert: 'NodeCPUHighUsage', meaning: 'CPU usage on the node is above 90%.', diagnosis: 'Find the busiest processes with top.', mitigation: 'Move workloads or add nodes.' },
  { alert: 'KubeProxyDown', meaning: 'KubeProxy has disappeared from Prometheus target discovery.', diagnosis: 'Check the kube-proxy daemon pods.', mitigation: 'Restart kube-proxy.' },
  { alert: 'KubeSchedulerDown', meaning: 'KubeScheduler has disappeared from Prometheus target discovery: new pods are not scheduled.', diagnosis: 'Check the scheduler pods on the control plane.', mitigation: 'Restore the scheduler.' },
  { alert: 'etcdInsufficientMembers', meaning: 'etcd cluster has insufficient members: it is close to losing quorum.', diagnosis: 'List members and their health.', mitigation: 'Restore failed members.' },
  { alert: 'etcdNoLeader', meaning: 'etcd member has no leader.', diagnosis: 'Check raft status and network between members.', mitigation: 'Restore connectivity between members.' },
  { alert: 'etcdHighFsyncDurations', meaning: 'etcd WAL fsync durations are high: the backing storage is too slow.', diagnosis: 'Check the latency of the storage device under etcd.', mitigation: 'Move etcd to faster SSD storage.' },
  { alert: 'etcdDatabaseQuotaLowSpace', meaning: 'etcd database size is close to its quota.', diagnosis: 'Check db size and history.', mitigation: 'Compact and defragment the database.' },
  { alert: 'TargetDown', meaning: 'Some Prometheus scrape targets are down: metrics are not collected.', diagnosis: 'Open the targets page and check the scrape error.', mitigation: 'Fix the endpoint or the service monitor.' },
  { alert: 'Watchdog', meaning: 'An alert that is always firing to ensure the entire alerting pipeline is functional.', diagnosis: 'It should always fire.', mitigation: 'Nothing to do.' },
  { alert: 'PrometheusRuleFailures', meaning: 'Prometheus has failed to evaluate rule groups.', diagnosis: 'Check rule evaluation errors in the logs.', mitigation: 'Fix the broken expression.' },
  { alert: 'PrometheusRemoteWriteBehind', meaning: 'Prometheus remote write is behind: samples are queued and not sent.', diagnosis: 'Check the remote storage endpoint and shards.', mitigation: 'Increase shards or fix the endpoint.' },
  { alert: 'PrometheusTSDBCompactionsFailing', meaning: 'Prometheus has issues compacting blocks.', diagnosis: 'Check storage and logs.', mitigation: 'Free storage and restart.' },
  { alert: 'AlertmanagerFailedToSendAlerts', meaning: 'Alertmanager has failed to send notifications to an integration.', diagnosis: 'Check the receiver configuration and the integration endpoint.', mitigation: 'Fix the receiver credentials.' },
  { alert: 'AlertmanagerClusterDown', meaning: 'Half or more of the Alertmanager instances are down.', diagnosis: 'Check the alertmanager pods and their peers.', mitigation: 'Restore the instances.' },
  { alert: 'KubeContainerOOMKilled', meaning: 'Container was OOMKilled: the kernel killed it for exceeding its memory limit.', diagnosis: 'Check the last state of the container and its memory usage.', mitigation: 'Raise the memory limit or fix the leak.' },
  { alert: 'PostgresReplicationLagHigh', meaning: 'Postgres standby replication lag is high: the replica is behind the primary.', diagnosis: 'Check pg_stat_replication and WAL shipping.', mitigation: 'Fix network or IO on the standby.' },
  { alert: 'KafkaConsumerLagHigh', meaning: 'Kafka consumer group lag is growing: consumers do not keep up with producers.', diagnosis: 'Check consumer group offsets per partition.', mitigation: 'Scale consumers.' },
  { alert: 'SSLCertExpiringSoon', meaning: 'TLS certificate served by an endpoint expires within 14 days.', diagnosis: 'Check cert-manager Certificate resources and the issuer.', mitigation: 'Renew the certificate.' },
  { alert: 'CoreDNSErrorsHigh', meaning: 'CoreDNS is returning SERVFAIL for many DNS requests: name resolution fails.', diagnosis: 'Check coredns logs and upstream resolvers.', mitigation: 'Fix the upstream resolver.' },
  { alert: 'CoreDNSLatencyHigh', meaning: 'CoreDNS request latency is high.', diagnosis: 'Check coredns cache hit rate and upstream latency.', mitigation: 'Scale coredns.' },
];

/** An everyday query and the alert names that answer it (a pattern, since generated runbooks share the words). */
export interface LabelledQuery {
  query: string;
  right: RegExp;
}

const FULL_DISK = /^(KubePersistentVolumeFillingUp|NodeFilesystemSpaceFillingUp|NodeFilesystemAlmostOutOfSpace|.*DiskFull|.*VolumeFull)$/;
const CERTS = /Cert(ificate)?(Expiration|Expiring|RenewalErrors)|CertExpiring/;

export const LABELLED_QUERIES: LabelledQuery[] = [
  { query: 'disk filling up', right: FULL_DISK },
  { query: 'disk full', right: FULL_DISK },
  { query: 'filesystem full', right: FULL_DISK },
  { query: 'too many open files', right: /^NodeFileDescriptorLimit$/ },
  { query: 'fd exhausted', right: /^NodeFileDescriptorLimit$/ },
  { query: 'pod keeps restarting', right: /CrashLooping$/ },
  { query: 'crashloop', right: /CrashLooping$/ },
  { query: 'crash looping pod', right: /CrashLooping$/ },
  { query: 'out of memory', right: /^(KubeContainerOOMKilled|NodeMemoryHighUtilization)$|MemoryPressure/ },
  { query: 'oom', right: /^(KubeContainerOOMKilled|NodeMemoryHighUtilization)$/ },
  { query: 'cert expiring', right: CERTS },
  { query: 'certificate expired', right: CERTS },
  { query: 'tls cert', right: CERTS },
  { query: 'certifcate expiry', right: CERTS },
  { query: 'node not ready', right: /^(KubeNodeNotReady|KubeNodeUnreachable)$/ },
  { query: 'etcd no leader', right: /EtcdNoLeader$|^etcdNoLeader$/ },
  { query: 'etcd quorum', right: /^(etcdInsufficientMembers|etcdNoLeader)$/ },
  { query: 'slow disk etcd', right: /^etcdHighFsyncDurations$|Etcd(Slow|Disk)$|(Slow|Disk)Etcd$/ },
  { query: 'cpu throttling', right: /^CPUThrottlingHigh$/ },
  { query: 'job failed', right: /^KubeJobFailed$|JobFailed$/ },
  { query: 'job not completed', right: /^KubeJobCompletion$/ },
  { query: 'deployment stuck', right: /^KubeDeploymentRolloutStuck$/ },
  { query: 'replicas mismatch', right: /ReplicasMismatch$/ },
  { query: 'hpa max replicas', right: /^KubeHpaMaxedOut$/ },
  { query: 'out of inodes', right: /Inode|^NodeFilesystemFilesFillingUp$/ },
  { query: 'image pull backoff', right: /^KubeContainerWaiting$/ },
  { query: 'clock skew', right: /^NodeClock(SkewDetected|NotSynchronising)$/ },
  { query: 'ntp', right: /^NodeClockNotSynchronising$/ },
  { query: 'conntrack table full', right: /^NodeHighNumberConntrackEntriesUsed$/ },
  { query: 'network receive errors', right: /^NodeNetworkReceiveErrs$/ },
  { query: 'scrape failing', right: /^TargetDown$/ },
  { query: 'prometheus target down', right: /^TargetDown$/ },
  { query: 'alertmanager notifications failing', right: /^AlertmanagerFailedToSendAlerts$/ },
  { query: 'api server down', right: /^KubeAPIDown$|ApiApiDown$/ },
  { query: 'error budget burn', right: /^KubeAPIErrorBudgetBurn$/ },
  { query: 'pods slow to start', right: /^KubeletPodStartUpLatencyHigh$/ },
  { query: 'kafka consumer lag', right: /^KafkaConsumerLagHigh$/ },
  { query: 'postgres replication lag', right: /^PostgresReplicationLagHigh$/ },
  { query: 'db replica lag', right: /^PostgresReplicationLagHigh$|ReplicaLag$|LagReplica$/ },
  { query: 'dns failures', right: /^CoreDNSErrorsHigh$/ },
  { query: 'memory overcommit', right: /^KubeMemoryOvercommit$/ },
  { query: 'quota exceeded', right: /^KubeQuotaExceeded$/ },
  { query: 'raid degraded', right: /^NodeRAIDDegraded$/ },
  { query: 'systemd unit failed', right: /^NodeSystemdServiceFailed$/ },
  { query: 'remote write behind', right: /^PrometheusRemoteWriteBehind$/ },
  { query: 'k8s api errors', right: /^(KubeClientErrors|KubeAPIErrorBudgetBurn|KubeAggregatedAPIErrors)$/ },
  { query: 'kubelet too many pods', right: /^KubeletTooManyPods$/ },
  { query: 'volume provisioning failed', right: /^KubePersistentVolumeErrors$|VolumeFailed$|FailedVolume$/ },
];

/** The runbook file for a labelled entry: front matter, the alert as the first heading, the usual sections, filler from `noise`. */
export function labelledRunbookText(entry: LabelledRunbook, noise: string): string {
  return [
    `---\ntitle: ${entry.alert}\n---\n`,
    `# ${entry.alert}\n`,
    `## Meaning\n\n${entry.meaning}\n`,
    `## Impact\n\nService degradation is possible while the alert fires.\n`,
    `## Diagnosis\n\n${entry.diagnosis}\n\n${noise}\n`,
    `## Mitigation\n\n${entry.mitigation}\n`,
  ].join('\n');
}

/** Top-3 hit rate and mean reciprocal rank (within the first 10) of labelled queries, given a search returning alert names best first. */
export function searchQuality(search: (query: string) => string[]): { top3: number; mrr: number; misses: string[] } {
  let top3 = 0;
  let rr = 0;
  const misses: string[] = [];
  for (const { query, right } of LABELLED_QUERIES) {
    const ranked = search(query).slice(0, 10);
    const at = ranked.findIndex((name) => right.test(name));
    if (at >= 0 && at < 3) top3++;
    else misses.push(`${query} → ${at < 0 ? 'not in top 10' : `#${at + 1}`} (${ranked.slice(0, 3).join(', ')})`);
    if (at >= 0) rr += 1 / (at + 1);
  }
  return { top3: top3 / LABELLED_QUERIES.length, mrr: rr / LABELLED_QUERIES.length, misses };
}
