/** An Error with a machine-readable `code` (Espruino cannot subclass Error). */
export interface CodedError extends Error {
  code: string;
}

export function codedError(code: string, message: string): CodedError {
  const e = new Error(message) as CodedError;
  e.code = code;
  return e;
}
