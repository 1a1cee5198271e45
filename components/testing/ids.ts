// Identifiers and secrets the emulator hands out. All random values come from node:crypto.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export const newId = (): string => randomUUID();

/** `bytes` random bytes as lower-case hex. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex");

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Compares two secrets without leaking their common prefix length through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(sha256(given), "hex");
  const b = Buffer.from(sha256(expected), "hex");
  return timingSafeEqual(a, b);
}

/** A stable number in [0, 1) derived from `seed`: synthetic figures must not change between runs. */
export function unitFromSeed(seed: string, salt: string): number {
  return createHash("sha256").update(`${salt}:${seed}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}
