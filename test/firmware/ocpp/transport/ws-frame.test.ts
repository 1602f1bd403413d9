import fc from "fast-check";
import {
  applyMask,
  encodeFrame,
  FrameDecoder,
  OP_BINARY,
  OP_CLOSE,
  OP_CONTINUATION,
  OP_PING,
  OP_PONG,
  OP_TEXT,
} from "../../../../firmware/ocpp/transport/ws-frame";
import { WsReader } from "../../../../firmware/ocpp/transport/ws-reader";

interface Got {
  frames: { fin: boolean; opcode: number; payload: string }[];
  errors: { code: number; reason: string }[];
}

function decoder(masked: boolean, max = 1 << 20): { d: FrameDecoder; got: Got } {
  const got: Got = { frames: [], errors: [] };
  const d = new FrameDecoder(
    {
      onFrame: (fin, opcode, payload) => got.frames.push({ fin, opcode, payload }),
      onFrameError: (code, reason) => got.errors.push({ code, reason }),
    },
    masked,
    max,
  );
  return { d, got };
}

const bytesOf = (s: string) => Array.from(Buffer.from(s, "latin1"));
const payloadOf = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode((i * 7 + 3) & 255)).join("");
const MASK = "\x37\xfa\x21\x3d";

describe("frame encoder", () => {
  test("RFC 6455 §5.7 examples", () => {
    expect(bytesOf(encodeFrame(OP_TEXT, "Hello", true, undefined))).toEqual([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    expect(bytesOf(encodeFrame(OP_TEXT, "Hello", true, MASK))).toEqual([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    expect(bytesOf(encodeFrame(OP_TEXT, "Hel", false, undefined))).toEqual([0x01, 0x03, 0x48, 0x65, 0x6c]);
    expect(bytesOf(encodeFrame(OP_CONTINUATION, "lo", true, undefined))).toEqual([0x80, 0x02, 0x6c, 0x6f]);
    expect(bytesOf(encodeFrame(OP_PING, "Hello", true, undefined))).toEqual([0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    expect(bytesOf(encodeFrame(OP_PONG, "Hello", true, MASK))).toEqual([0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    expect(bytesOf(encodeFrame(OP_BINARY, payloadOf(256), true, undefined)).slice(0, 4)).toEqual([0x82, 0x7e, 0x01, 0x00]);
    expect(bytesOf(encodeFrame(OP_BINARY, payloadOf(65536), true, undefined)).slice(0, 10)).toEqual([0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  test.each([0, 1, 125, 126, 127, 65535, 65536, 70000])("length %i uses the right header and round-trips, masked and not", (n) => {
    const payload = payloadOf(n);
    const headLen = n < 126 ? 2 : n < 65536 ? 4 : 10;
    for (const mask of [undefined, MASK]) {
      const f = encodeFrame(OP_TEXT, payload, true, mask);
      expect(f.length).toBe(headLen + (mask ? 4 : 0) + n);
      const { d, got } = decoder(!!mask);
      d.push(f);
      expect(got.errors).toEqual([]);
      expect(got.frames).toEqual([{ fin: true, opcode: OP_TEXT, payload }]);
    }
  });

  test("masking is an involution and matches a byte-wise XOR", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), (data, key) => {
        const s = Buffer.from(data).toString("latin1");
        const k = Buffer.from(key).toString("latin1");
        const masked = applyMask(s, k);
        expect(bytesOf(masked)).toEqual(Array.from(data, (b, i) => b ^ (key[i & 3] as number)));
        expect(applyMask(masked, k)).toBe(s);
      }),
    );
  });
});

describe("frame decoder", () => {
  test("all opcodes decode, byte at a time", () => {
    const frames = [
      encodeFrame(OP_TEXT, "abc", true, undefined),
      encodeFrame(OP_BINARY, "\x00\xff", true, undefined),
      encodeFrame(OP_TEXT, "x", false, undefined),
      encodeFrame(OP_CONTINUATION, "y", true, undefined),
      encodeFrame(OP_PING, "p", true, undefined),
      encodeFrame(OP_PONG, "", true, undefined),
      encodeFrame(OP_CLOSE, "\x03\xe8bye", true, undefined),
    ].join("");
    const { d, got } = decoder(false);
    for (const ch of frames) d.push(ch);
    expect(got.errors).toEqual([]);
    expect(got.frames.map((f) => [f.fin, f.opcode, f.payload])).toEqual([
      [true, OP_TEXT, "abc"],
      [true, OP_BINARY, "\x00\xff"],
      [false, OP_TEXT, "x"],
      [true, OP_CONTINUATION, "y"],
      [true, OP_PING, "p"],
      [true, OP_PONG, ""],
      [true, OP_CLOSE, "\x03\xe8bye"],
    ]);
    expect(d.buffered()).toBe(0);
  });

  test("any split of a stream of frames gives the same frames", () => {
    const frameArb = fc.record({
      opcode: fc.constantFrom(OP_TEXT, OP_BINARY, OP_PING, OP_PONG),
      payload: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(payloadOf(126), payloadOf(300))).map((s) => Buffer.from(s, "utf8").toString("latin1").slice(0, 125 + 300)),
    });
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (frames, cuts) => {
        const ok = frames.map((f) => ({ ...f, payload: f.opcode & 8 ? f.payload.slice(0, 125) : f.payload }));
        const stream = ok.map((f) => encodeFrame(f.opcode, f.payload, true, undefined)).join("");
        const points = [...new Set(cuts.map((c) => (stream.length ? c % stream.length : 0)))].sort((a, b) => a - b);
        const { d, got } = decoder(false);
        let prev = 0;
        for (const p of [...points, stream.length]) {
          d.push(stream.slice(prev, p));
          prev = p;
        }
        expect(got.errors).toEqual([]);
        expect(got.frames.map((f) => ({ opcode: f.opcode, payload: f.payload }))).toEqual(ok);
      }),
    );
  });

  test.each([
    ["reserved bit", "\xc1\x00", 1002],
    ["unknown opcode 3", "\x83\x00", 1002],
    ["unknown opcode 0xB", "\x8b\x00", 1002],
    ["masked frame from a server", "\x81\x80\x00\x00\x00\x00", 1002],
    ["fragmented ping", "\x09\x00", 1002],
    ["ping longer than 125", "\x89\x7e\x00\x7e", 1002],
    ["64-bit length with top bit", "\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x01", 1002],
  ])("%s is a protocol error", (_name, bytes, code) => {
    const { d, got } = decoder(false);
    d.push(bytes + "more bytes that must be ignored");
    expect(got.frames).toEqual([]);
    expect(got.errors.map((e) => e.code)).toEqual([code]);
  });

  test("an oversized frame is refused from its header, before its payload arrives", () => {
    const { d, got } = decoder(false, 1000);
    d.push("\x81\x7e\x03\xe9"); // 1001 bytes announced
    expect(got.errors).toEqual([{ code: 1009, reason: expect.stringContaining("1001") }]);
    d.push("x".repeat(1001));
    expect(got.frames).toEqual([]);
    expect(d.buffered()).toBe(0);
  });

  test("a server-side decoder requires masks", () => {
    const { d, got } = decoder(true);
    d.push(encodeFrame(OP_TEXT, "hi", true, undefined));
    expect(got.errors.map((e) => e.code)).toEqual([1002]);
  });
});

describe("message reassembly (WsReader)", () => {
  function reader(max = 100) {
    const got = { messages: [] as [number, string][], control: [] as [number, string][], errors: [] as [number, string][] };
    const r = new WsReader(
      {
        onMessage: (op, data) => got.messages.push([op, data]),
        onControl: (op, p) => got.control.push([op, p]),
        onReadError: (code, reason) => got.errors.push([code, reason]),
      },
      max,
      false,
    );
    return { r, got };
  }

  test("joins continuation frames, with control frames in between", () => {
    const { r, got } = reader();
    const stream =
      encodeFrame(OP_TEXT, "[2,", false, undefined) +
      encodeFrame(OP_PING, "1", true, undefined) +
      encodeFrame(OP_CONTINUATION, '"a",', false, undefined) +
      encodeFrame(OP_CONTINUATION, '"B",{}]', true, undefined) +
      encodeFrame(OP_TEXT, "next", true, undefined);
    for (const ch of stream) r.push(ch);
    expect(got.errors).toEqual([]);
    expect(got.messages).toEqual([
      [OP_TEXT, '[2,"a","B",{}]'],
      [OP_TEXT, "next"],
    ]);
    expect(got.control).toEqual([[OP_PING, "1"]]);
  });

  test("caps the reassembled size with a 1009 error", () => {
    const { r, got } = reader(10);
    r.push(encodeFrame(OP_TEXT, "123456", false, undefined));
    r.push(encodeFrame(OP_CONTINUATION, "7890", false, undefined));
    expect(got.errors).toEqual([]);
    r.push(encodeFrame(OP_CONTINUATION, "X", true, undefined));
    expect(got.errors).toEqual([[1009, expect.stringContaining("10 bytes")]]);
    expect(got.messages).toEqual([]);
    expect(r.buffered()).toBe(0);
  });

  test("continuation without a start, and a new message inside a fragmented one, are protocol errors", () => {
    const a = reader();
    a.r.push(encodeFrame(OP_CONTINUATION, "x", true, undefined));
    expect(a.got.errors.map((e) => e[0])).toEqual([1002]);
    const b = reader();
    b.r.push(encodeFrame(OP_TEXT, "x", false, undefined) + encodeFrame(OP_TEXT, "y", true, undefined));
    expect(b.got.errors.map((e) => e[0])).toEqual([1002]);
    expect(b.got.messages).toEqual([]);
  });
});
