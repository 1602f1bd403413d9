import fc from "fast-check";
import { base64Decode, base64Encode } from "../../../../firmware/ocpp/transport/base64";

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("base64", () => {
  test("RFC 4648 §10 vectors", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base64Encode(plain)).toBe(encoded);
      expect(base64Decode(encoded)).toBe(plain);
    }
  });

  test("matches Node's encoder on arbitrary bytes and round-trips", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const s = latin1(bytes);
        const enc = base64Encode(s);
        expect(enc).toBe(Buffer.from(bytes).toString("base64"));
        expect(base64Decode(enc)).toBe(s);
      }),
    );
  });

  test("rejects text that is not canonical padded base64", () => {
    for (const bad of ["Zg", "Zg=", "Z===", "Zm9v!A==", "Zh==", "Zm9=", "=Zm9", "Zg==Zg=="]) {
      expect(base64Decode(bad)).toBeUndefined();
    }
  });
});
