// Draws the tray icons (one per TrayIcon state) and the app icon as PNGs; run when their look changes.
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// A baton: a rounded diagonal bar inside a ring; the ring's colour tells the state.
function icon(ring, fill, badge) {
  return (x, y, size) => {
    const c = size / 2;
    const r = Math.hypot(x - c, y - c) / (size / 2);
    const along = ((x - c) + (y - c)) / Math.SQRT2 / (size / 2);
    const across = Math.abs((x - c) - (y - c)) / Math.SQRT2 / (size / 2);
    if (badge && Math.hypot(x - size * 0.78, y - size * 0.22) < size * 0.2) return [220, 38, 38, 255];
    if (r > 0.94) return [0, 0, 0, 0];
    if (r > 0.74) return [...ring, 255];
    if (across < 0.16 && Math.abs(along) < 0.55) return [...fill, 255];
    return [0, 0, 0, 0];
  };
}

mkdirSync('assets/tray', { recursive: true });
const states = {
  'off-call': icon([128, 128, 136], [128, 128, 136], false),
  'on-call': icon([22, 163, 74], [22, 163, 74], false),
  paging: icon([220, 38, 38], [220, 38, 38], true),
  paused: icon([202, 138, 4], [202, 138, 4], false),
};
for (const [name, draw] of Object.entries(states)) {
  writeFileSync(`assets/tray/${name}.png`, png(16, draw));
  writeFileSync(`assets/tray/${name}@2x.png`, png(32, draw));
}
writeFileSync('assets/icon.png', png(512, icon([37, 99, 235], [37, 99, 235], false)));
console.log('icons written to assets/');
