import { useState, type ReactNode } from 'react';
import { Kbd } from '../../ui/Kbd';

export const ACK_DURATIONS = [
  { minutes: 15, label: '15 min' },
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 120, label: '2 hours' },
  { minutes: 240, label: '4 hours' },
  { minutes: 480, label: '8 hours' },
  { minutes: 1440, label: '24 hours' },
];

export interface AckChoice {
  minutes: number;
  setMinutes(minutes: number): void;
  comment: string;
  setComment(comment: string): void;
}

/** What the acknowledge form holds (for how long, and a comment), starting at the default duration when it is one of the choices. */
export function useAckChoice(ackMinutes: number): AckChoice {
  const [minutes, setMinutes] = useState(ACK_DURATIONS.some((d) => d.minutes === ackMinutes) ? ackMinutes : 60);
  const [comment, setComment] = useState('');
  return { minutes, setMinutes, comment, setComment };
}

/** The acknowledge form of a page or a group: for how long, a comment, and the button (shortcut a). */
export function AckFields({ choice, label, onAck }: { choice: AckChoice; label: ReactNode; onAck(minutes: number, comment: string): void }) {
  const { minutes, setMinutes, comment, setComment } = choice;
  return (
    <>
      <label>
        <span>For</span>
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {ACK_DURATIONS.map((d) => (
            <option key={d.minutes} value={d.minutes}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        <span>Comment</span>
        <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Looking into it" />
      </label>
      <button type="button" className="primary" onClick={() => onAck(minutes, comment)} aria-keyshortcuts="a">
        {label} <Kbd keys="a" />
      </button>
    </>
  );
}
