// Draws the app icon (a white "S" on an indigo rounded square) and writes build/icon.png (Linux),
// build/icon.ico (Windows) and build/icon.icns (macOS). The files are committed; run this only to
// change the icon: `node scripts/make-icons.mjs`. Plain Node: PNG via zlib, and the ICO and ICNS
// containers hold PNG images (both formats allow that: Windows Vista+, macOS 10.7+).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build');

/** RGBA pixels of the icon at `size`×`size`, geometry defined on a 1024 grid. */
function draw(size) {
  const scale = size / 1024;
  const pixels = Buffer.alloc(size * size * 4);
  const upper = { cx: 512, cy: 392, r: 132, from: 90, to: 330 };
  const lower = { cx: 512, cy: 656, r: 132, from: 270, to: 510 }; // 270° → 150° the long way round
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const px = (x + 0.5) / scale;
      const py = (y + 0.5) / scale;
      const body = clamp01((0 - roundedRectDistance(px, py, 48, 48, 928, 928, 210)) * scale + 0.5);
      const stroke = clamp01((58 - Math.min(arcDistance(px, py, upper), arcDistance(px, py, lower))) * scale + 0.5);
      const t = py / 1024;
      const background = [79 + (124 - 79) * t, 70 + (58 - 70) * t, 229 + (237 - 229) * t];
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) pixels[i + c] = Math.round(background[c] * (1 - stroke) + 255 * stroke);
      pixels[i + 3] = Math.round(255 * body);
    }
  }
  return pixels;
}

function roundedRectDistance(px, py, x, y, width, height, radius) {
  const qx = Math.abs(px - (x + width / 2)) - (width / 2 - radius);
  const qy = Math.abs(py - (y + height / 2)) - (height / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance to an arc of a circle, angles in degrees clockwise from +x (screen coordinates). */
function arcDistance(px, py, arc) {
  let angle = (Math.atan2(py - arc.cy, px - arc.cx) * 180) / Math.PI;
  while (angle < arc.from) angle += 360;
  if (angle <= arc.to) return Math.abs(Math.hypot(px - arc.cx, py - arc.cy) - arc.r);
  const end = (degrees) => [arc.cx + arc.r * Math.cos((degrees * Math.PI) / 180), arc.cy + arc.r * Math.sin((degrees * Math.PI) / 180)];
  return Math.min(...[end(arc.from), end(arc.to)].map(([ex, ey]) => Math.hypot(px - ex, py - ey)));
}

function clamp01(value) {
  return Math.max(0, Math.min(1, value));
}

function png(size) {
  const pixels = draw(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function ico(sizes) {
  const images = sizes.map((size) => ({ size, data: png(size) }));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

function icns(entries) {
  const blocks = entries.map(([type, size]) => {
    const data = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((sum, block) => sum + block.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

writeFileSync(path.join(out, 'icon.png'), png(512));
writeFileSync(path.join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(path.join(out, 'icon.icns'), icns([['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]]));
console.log('wrote build/icon.png, build/icon.ico, build/icon.icns');
