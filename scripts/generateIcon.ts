// `node --import tsx scripts/generateIcon.ts`: draws images/icon.png, the extension's marketplace icon — a
// looping arrow (the event loop) around a dot (a task) on a dark tile. Drawn with signed distances and
// supersampling, encoded as PNG by hand so no image library is needed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SAMPLES = 4; // per axis, per pixel

type Rgb = readonly [number, number, number];
const TILE_TOP: Rgb = [0x16, 0x2c, 0x4a];
const TILE_BOTTOM: Rgb = [0x24, 0x5a, 0x8c];
const LOOP: Rgb = [0xff, 0xd4, 0x3b];
const TASK: Rgb = [0xf5, 0xf7, 0xfa];

const RING_RADIUS = 0.29;
const RING_HALF_WIDTH = 0.045;
const GAP_START = degrees(18); // the arc leaves a gap at the upper right, where the arrow points
const GAP_END = degrees(78);

/** Colour at a point of the unit square (y down), or undefined outside the tile. */
function shade(x: number, y: number): Rgb | undefined {
  if (roundedSquareDistance(x, y, 0.06, 0.18) > 0) return undefined;
  const dx = x - 0.5;
  const dy = 0.5 - y;
  if (Math.hypot(dx, dy) < 0.085) return TASK;
  if (onArc(dx, dy) || inArrowHead(dx, dy)) return LOOP;
  return mix(TILE_TOP, TILE_BOTTOM, y);
}

function onArc(dx: number, dy: number): boolean {
  const angle = normalise(Math.atan2(dy, dx));
  const inGap = angle > GAP_START && angle < GAP_END;
  return !inGap && Math.abs(Math.hypot(dx, dy) - RING_RADIUS) < RING_HALF_WIDTH;
}

/** A triangle at the arc's end at GAP_START, pointing counter-clockwise into the gap. */
function inArrowHead(dx: number, dy: number): boolean {
  const baseX = RING_RADIUS * Math.cos(GAP_START);
  const baseY = RING_RADIUS * Math.sin(GAP_START);
  const radial: [number, number] = [Math.cos(GAP_START), Math.sin(GAP_START)];
  const tangent: [number, number] = [-Math.sin(GAP_START), Math.cos(GAP_START)];
  const halfBase = RING_HALF_WIDTH * 2.4;
  const length = RING_HALF_WIDTH * 4;
  const a: [number, number] = [baseX + radial[0] * halfBase, baseY + radial[1] * halfBase];
  const b: [number, number] = [baseX - radial[0] * halfBase, baseY - radial[1] * halfBase];
  const tip: [number, number] = [baseX + tangent[0] * length, baseY + tangent[1] * length];
  return insideTriangle([dx, dy], a, b, tip);
}

function insideTriangle(p: [number, number], a: [number, number], b: [number, number], c: [number, number]): boolean {
  const side = (u: [number, number], v: [number, number]) => (v[0] - u[0]) * (p[1] - u[1]) - (v[1] - u[1]) * (p[0] - u[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function roundedSquareDistance(x: number, y: number, margin: number, radius: number): number {
  const half = 0.5 - margin;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function render(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let row = 0; row < SIZE; row++) {
    for (let column = 0; column < SIZE; column++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = shade((column + (sx + 0.5) / SAMPLES) / SIZE, (row + (sy + 0.5) / SAMPLES) / SIZE);
          if (!colour) continue;
          red += colour[0];
          green += colour[1];
          blue += colour[2];
          covered++;
        }
      }
      const offset = (row * SIZE + column) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(red / covered);
        pixels[offset + 1] = Math.round(green / covered);
        pixels[offset + 2] = Math.round(blue / covered);
      }
      pixels[offset + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function encodePng(rgba: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let row = 0; row < height; row++) {
    // Each row starts with filter type 0 (none).
    rgba.copy(rows, row * (width * 4 + 1) + 1, row * width * 4, (row + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((channel) => Math.round(from[channel]! + (to[channel]! - from[channel]!) * amount)) as unknown as Rgb;
}

function degrees(value: number): number {
  return (value * Math.PI) / 180;
}

function normalise(angle: number): number {
  return angle < 0 ? angle + 2 * Math.PI : angle;
}

const target = path.join(__dirname, '..', 'images', 'icon.png');
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
