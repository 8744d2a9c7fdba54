import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api';
import { useTimeZone } from '../../store';
import type { Trends } from '../../../shared/trends';
import { formatDateTime, formatDuration } from '../../../shared/time';
import { useQuery } from '../../ui/useQuery';
import { LoadHoursForm } from './LoadHoursForm';

const CHOICES = [8, 13, 26, 52] as const;
const axis = { tick: { fill: 'var(--muted)', fontSize: 11 }, stroke: 'var(--border)' };
const tooltip = { contentStyle: { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }, labelStyle: { color: 'var(--text)' } };
const SERIES = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];

/**
 * The load over my last N shifts, from the journal: pages and when they came (business, off,
 * sleep hours), distinct hours disrupted, time to acknowledge, the noisiest alerts, coverage gaps.
 * Every chart has its numbers as a table beside it.
 */
export function LoadView() {
  const zone = useTimeZone();
  const [count, setCount] = useState<number>(13);
  const [hoursVersion, setHoursVersion] = useState(0);
  const query = useQuery(`${count}|${hoursVersion}`, () => api.getTrends({ shifts: count }));
  const trends = query.data;

  return (
    <section className="view load-view" aria-labelledby="view-title">
      <h1 id="view-title">Load</h1>
      <div className="load-controls">
        <label>
          <span>Shifts</span>
          <select value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {CHOICES.map((n) => (
              <option key={n} value={n}>
                last {n}
              </option>
            ))}
          </select>
        </label>
        {query.loading ? (
          <span className="muted small" role="status">
            Counting…
          </span>
        ) : null}
      </div>
      {query.error ? (
        <p role="alert" className="banner banner-error">
          Could not count the load: {query.error}
        </p>
      ) : null}
      {trends && trends.shifts.length === 0 ? (
        <p className="empty">No shifts in the log yet. Baton counts your shifts as it records them (set up a schedule in Shift).</p>
      ) : null}
      {trends && trends.shifts.length > 0 ? <Charts trends={trends} zone={zone} /> : null}
      {trends ? <LoadHoursForm hours={trends.hours} onSaved={() => setHoursVersion((v) => v + 1)} /> : null}
    </section>
  );
}

function Charts({ trends, zone }: { trends: Trends; zone: string }) {
  const label = (iso: string) => formatDateTime(iso, zone).replace(/, \d\d:\d\d.*$/, '');
  const rows = trends.shifts.map((s) => ({
    label: label(s.start),
    full: `${formatDateTime(s.start, zone)} → ${formatDateTime(s.end, zone)}`,
    pages: s.pages,
    ...s.interruptions,
    hours: s.hoursDisrupted,
    ackMin: s.ackMedianMs === null ? null : Math.round((s.ackMedianMs / 60_000) * 10) / 10,
    uncovered: s.uncoveredMinutes,
  }));
  const noisy = trends.shifts.map((s, i) => ({ label: label(s.start), ...Object.fromEntries(trends.noisiest.map((a) => [a.key, a.perShift[i]])) }));
  const business = trends.hours.business;

  return (
    <div className="load-charts">
      <Chart
        id="load-interruptions"
        title="Pages per shift, by when they came"
        caption={`Business hours ${business.start}–${business.end} on working days, sleep ${trends.hours.sleep.start}–${trends.hours.sleep.end}, off hours the rest.`}
        kind="bar"
        data={rows}
        wholeNumbers
        legend
        head={['Shift', 'Pages', 'Business', 'Off', 'Sleep']}
        body={rows.map((r) => [r.full, r.pages, r.business, r.off, r.sleep])}
      >
        <Bar isAnimationActive={false} dataKey="business" name="Business hours" stackId="when" fill="var(--chart-1)" />
        <Bar isAnimationActive={false} dataKey="off" name="Off hours" stackId="when" fill="var(--chart-2)" />
        <Bar isAnimationActive={false} dataKey="sleep" name="Sleep hours" stackId="when" fill="var(--chart-3)" />
      </Chart>
      <Chart
        id="load-hours"
        title="Distinct hours disrupted per shift"
        caption="Clock hours in which at least one page came."
        kind="bar"
        data={rows}
        wholeNumbers
        head={['Shift', 'Hours disrupted']}
        body={rows.map((r) => [r.full, r.hours])}
      >
        <Bar isAnimationActive={false} dataKey="hours" name="Hours disrupted" fill="var(--chart-4)" />
      </Chart>
      <Chart
        id="load-ack"
        title="Median time to acknowledge (minutes)"
        caption="From a page to its first acknowledgement; a gap means nothing was acknowledged."
        kind="line"
        data={rows}
        head={['Shift', 'Median time to acknowledge', 'Acknowledged']}
        body={trends.shifts.map((s, i) => [rows[i].full, s.ackMedianMs === null ? 'none' : formatDuration(s.ackMedianMs), s.acknowledged])}
      >
        <Line isAnimationActive={false} dataKey="ackMin" name="Minutes" stroke="var(--chart-1)" strokeWidth={2} dot connectNulls={false} />
      </Chart>
      <Chart
        id="load-noisy"
        title="Noisiest alerts over time"
        caption={trends.noisiest.length === 0 ? 'No pages in these shifts.' : `The ${trends.noisiest.length} alerts that paged most, per shift.`}
        kind="line"
        data={noisy}
        wholeNumbers
        legend
        head={['Alert', 'Total', ...rows.map((r) => r.label)]}
        body={trends.noisiest.map((a) => [a.title, a.total, ...a.perShift])}
      >
        {trends.noisiest.map((a, i) => (
          <Line key={a.key} isAnimationActive={false} dataKey={a.key} name={a.title} stroke={SERIES[i % SERIES.length]} strokeWidth={2} dot={false} />
        ))}
      </Chart>
      <Chart
        id="load-gaps"
        title="Coverage gaps (minutes Baton could not page you)"
        caption="Asleep, not running, every source unreachable or notifications paused, during the shift."
        kind="bar"
        data={rows}
        wholeNumbers
        head={['Shift', 'Minutes not covered']}
        body={rows.map((r) => [r.full, r.uncovered])}
      >
        <Bar isAnimationActive={false} dataKey="uncovered" name="Minutes not covered" fill="var(--chart-5)" />
      </Chart>
    </div>
  );
}

interface ChartProps {
  id: string;
  title: string;
  caption: string;
  /** Bars or lines over the shifts (`data` rows keyed by `label`); the series are the children. */
  kind: 'bar' | 'line';
  data: object[];
  /** The y axis counts whole things (no decimal ticks). */
  wholeNumbers?: boolean;
  legend?: boolean;
  children: ReactNode;
  head: string[];
  body: (string | number)[][];
}

/** One chart with its title and caption, and its numbers as a table (for reading, copying and screen readers). */
function Chart({ id, title, caption, kind, data, wholeNumbers, legend, children, head, body }: ChartProps) {
  const Plot = kind === 'bar' ? BarChart : LineChart;
  const chart = (
    <Plot data={data} accessibilityLayer>
      <CartesianGrid stroke="var(--border)" vertical={false} />
      <XAxis dataKey="label" {...axis} />
      <YAxis allowDecimals={!wholeNumbers} {...axis} width={36} />
      <Tooltip {...tooltip} />
      {legend ? <Legend /> : null}
      {children}
    </Plot>
  );
  return (
    <figure className="card load-chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted small">{caption}</p>
      <div className="load-plot">
        <ResponsiveContainer width="100%" height={220}>
          {chart}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Numbers</summary>
        {/* Focusable, so a keyboard can scroll a wide table sideways. */}
        <div className="load-table" tabIndex={0} role="region" aria-label={`${title}: numbers`}>
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
