/** node:zlib's CRC-32 (hardware-accelerated, ~10× the portable one) in the core's Crc32Fn shape. */
import * as zlib from 'node:zlib';
import { type Crc32Fn, crc32 } from '../../core/evtx/index.js';

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Native CRC-32 when this Node has it (20.15+), otherwise the portable implementation. */
export const fastCrc32: Crc32Fn = native
  ? (b, start, end, crc = 0) => native(b.subarray(start, end), crc)
  : crc32;
