// Tiny writers for test fixtures, with node's own zlib only: grey PNG images and stored (not
// compressed) .zip archives. Enough for the upload tests; not a general encoder.
import zlib from 'node:zlib';

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A greyscale 8-bit PNG of `width` × `height` from `pixels` (row-major bytes, 0 = black). */
export function png(width, height, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grey
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixels[y * width + x];
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A .zip of `entries` (`[path, Buffer]`), stored without compression. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * `perClass` small grey images (20 × 20, seeded noise) of three easy classes: `horizontal`
 * stripes, `vertical` stripes and `dots`. Returns `[class, fileName, pngBuffer]`.
 */
export function stripeImages(perClass) {
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const out = [];
  const side = 20;
  for (const cls of ['horizontal', 'vertical', 'dots']) {
    for (let i = 0; i < perClass; i++) {
      const px = new Uint8Array(side * side);
      const phase = Math.floor(rand() * 4);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const on = cls === 'horizontal' ? (y + phase) % 4 < 2
            : cls === 'vertical' ? (x + phase) % 4 < 2
              : (x + phase) % 5 === 0 && (y + phase) % 5 === 0;
          px[y * side + x] = Math.max(0, Math.min(255, (on ? 220 : 30) + Math.round((rand() - 0.5) * 60)));
        }
      }
      out.push([cls, `${cls}-${i}.png`, png(side, side, px)]);
    }
  }
  return out;
}
