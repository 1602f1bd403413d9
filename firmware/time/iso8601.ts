// RFC 3339 / ISO 8601 date-times, parsed by hand (no Date parsing on the device, whose Date
// parser is not RFC 3339-complete). The accepted grammar is what the OCPP 1.6 JSON schemas'
// "date-time" format accepts in the Central System's validator (ajv-formats), so what passes
// validation here is what a strict peer accepts, and nothing else:
//   YYYY-MM-DD, one separator ("T", "t" or a whitespace character), hh:mm:ss, optional ".digits",
//   optional zone "Z"/"z" or +hh, +hhmm, +hh:mm (a missing zone is read as UTC).
// Seconds may be 60 only at 23:59 (a leap second, read as the next second).

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** JavaScript's `\s` set: the separator ajv-formats allows besides "T". */
function isJsSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isSeparator(c: number): boolean {
  return c === 84 || c === 116 || isJsSpace(c);
}

/** Value of `len` ASCII digits at `at`, or -1. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = s.charCodeAt(at + i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch milliseconds of an RFC 3339 date-time (grammar above), or undefined if it is not one. */
export function parseIsoDateTime(s: string): number | undefined {
  // Exactly one separator, at index 10 (the date part is exactly "YYYY-MM-DD").
  let seps = 0;
  for (let i = 0; i < s.length; i++) if (isSeparator(s.charCodeAt(i))) seps++;
  if (seps !== 1 || s.length < 19 || !isSeparator(s.charCodeAt(10))) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 0 || day < 0 || s.charAt(4) !== "-" || s.charAt(7) !== "-") return undefined;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const dim = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > dim) return undefined;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || s.charAt(13) !== ":" || s.charAt(16) !== ":") return undefined;
  if (!((hour <= 23 && minute <= 59 && second <= 59) || (hour === 23 && minute === 59 && second === 60))) return undefined;
  let i = 19;
  let ms = 0;
  if (s.charAt(i) === ".") {
    i++;
    const start = i;
    let scale = 100;
    while (i < s.length) {
      const d = s.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      ms += d * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return undefined;
    ms = Math.floor(ms);
  }
  let offsetMin = 0;
  if (i < s.length) {
    const z = s.charAt(i);
    if (z === "Z" || z === "z") {
      i++;
    } else if (z === "+" || z === "-") {
      const oh = digits(s, i + 1, 2);
      if (oh < 0) return undefined;
      i += 3;
      let om = 0;
      if (i < s.length) {
        if (s.charAt(i) === ":") i++;
        om = digits(s, i, 2);
        if (om < 0) return undefined;
        i += 2;
      }
      offsetMin = (oh * 60 + om) * (z === "-" ? -1 : 1);
    } else return undefined;
  }
  if (i !== s.length) return undefined;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMin) * 60000 + second * 1000 + ms;
}

export function isIsoDateTime(s: string): boolean {
  return parseIsoDateTime(s) !== undefined;
}

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}

/** "YYYY-MM-DDThh:mm:ss.sssZ" (UTC) for epoch milliseconds. */
export function formatIsoDateTime(epochMs: number): string {
  const t = Math.floor(epochMs);
  let days = Math.floor(t / 86400000);
  const msOfDay = t - days * 86400000;
  // Civil from days (inverse of daysFromCivil).
  days += 719468;
  const era = Math.floor(days / 146097);
  const doe = days - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return (
    pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" +
    pad(Math.floor(msOfDay / 3600000), 2) + ":" + pad(Math.floor(msOfDay / 60000) % 60, 2) + ":" +
    pad(Math.floor(msOfDay / 1000) % 60, 2) + "." + pad(msOfDay % 1000, 3) + "Z"
  );
}
