import { useMemo } from 'react';

/**
 * A select of every IANA time zone this browser knows. With `systemLabel`, a first option (value
 * '') stands for "the system's zone".
 */
export function ZoneSelect({ value, onChange, systemLabel }: { value: string; onChange(zone: string): void; systemLabel?: string }) {
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {systemLabel !== undefined && <option value="">{systemLabel}</option>}
      {zones.map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </select>
  );
}
