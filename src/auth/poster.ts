import crypto from 'node:crypto';
import type { Viewer } from './viewer.js';

// Whom a post counts against, for participants (SessionStats), idempotency and rate limits. The
// prefix says how sure we are who it is: c: a citizen token, s: a staff token, d: a device id the
// client sent, ip: a digest of the address (everybody behind a hall's Wi-Fi shares it), e: one
// entry staff typed in on someone's behalf (a hotline call, a paper slip).

const DEVICE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Shortens a name of a person or an address to a digest, so stores never see it in clear. */
export const digestKey = (key: string): string => crypto.createHash('sha256').update(key).digest('base64url').slice(0, 22);

/** The key of a client without a token: its X-Device-Id when well-formed, else a digest of its address. */
export function deviceKey({ deviceId, ip }: { deviceId: string | null; ip: string }): string {
  return deviceId && DEVICE_ID.test(deviceId) ? `d:${deviceId}` : `ip:${digestKey(ip)}`;
}

/** True when `key` names a device the client identified itself, not just its address. */
export function isDeviceKey(key: string): boolean {
  return key.startsWith('d:');
}

/** The one key a poster counts as: the token's citizen or staff member, else the device key. */
export function posterKey(viewer: Viewer, deviceKey: string): string {
  if (viewer.kind === 'citizen') return `c:${viewer.id}`;
  if (viewer.kind === 'staff') return `s:${viewer.id}`;
  return deviceKey;
}

/**
 * Whether a submission is staff intake (a hotline call, a paper slip, … typed in on a citizen's
 * behalf): a staff member entering any channel but APP. Decides the rate limit as well as the rules.
 */
export function isIntake(viewer: Viewer, channel: string | null | undefined): boolean {
  return viewer.kind === 'staff' && channel != null && channel !== 'APP';
}

/** An entry typed in by staff is its own participant (the caller, the slip's writer), not the clerk. */
export function intakeKey(opinionId: string): string {
  return `e:${opinionId}`;
}
