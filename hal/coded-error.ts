/**
 * An Error with a machine-readable `code`: how every layer (hal bindings, firmware) reports a
 * failure. Espruino cannot subclass Error, and its TypeError/SyntaxError are not even
 * `instanceof Error`, so callers tell failures apart by `e.code`.
 */
export interface CodedError extends Error {
  code: string;
}

export function codedError(code: string, message: string): CodedError {
  const e = new Error(message) as CodedError;
  e.code = code;
  return e;
}
