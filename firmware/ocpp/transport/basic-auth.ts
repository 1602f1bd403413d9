import { base64Encode } from "./base64";
import { utf8Encode } from "./utf8";

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * The HTTP Basic password for an OCPP AuthorizationKey (security profiles 1 and 2). The key is
 * exchanged over OCPP as the hexadecimal form of a 16..20-byte password (OCPP-J 1.6 and the 1.6
 * security whitepaper); the password on the wire is those bytes (OCTT TC_085_CS). A key that is not
 * 32..40 hex digits is taken as the password itself (UTF-8).
 */
export function authorizationKeyToPassword(key: string): string {
  if (key.length >= 32 && key.length <= 40 && key.length % 2 === 0) {
    let out = "";
    for (let i = 0; i < key.length; i += 2) {
      const hi = hexValue(key.charCodeAt(i));
      const lo = hexValue(key.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) return utf8Encode(key);
      out += String.fromCharCode(hi * 16 + lo);
    }
    return out;
  }
  return utf8Encode(key);
}

/** `Authorization` header value: Basic base64(chargePointId ":" password). */
export function basicAuthorization(chargePointId: string, authorizationKey: string): string {
  return "Basic " + base64Encode(utf8Encode(chargePointId) + ":" + authorizationKeyToPassword(authorizationKey));
}
