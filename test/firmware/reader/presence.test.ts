import { Presence } from "../../../firmware/reader/presence";

const uid = Uint8Array.from([1, 2, 3, 4]);

test("a card is new once; confirmed polls keep it; removalMisses clean misses remove it", () => {
  const p = new Presence(3);
  expect(p.read(uid, 4, "01020304")).toBe(true);
  expect(p.read(uid, 4, "01020304")).toBe(false);
  expect(p.missed()).toBe("");
  p.confirmed();
  expect(p.missed()).toBe("");
  expect(p.missed()).toBe("");
  expect(p.missed()).toBe("01020304");
  expect(p.current()).toBe("");
  expect(p.missed()).toBe("");
  expect(p.read(uid, 4, "01020304")).toBe(true);
});

test("a flapping read (present, missed once, present) is not a new presentation", () => {
  const p = new Presence(2);
  p.read(uid, 4, "01020304");
  expect(p.missed()).toBe("");
  p.confirmed();
  expect(p.missed()).toBe("");
  expect(p.read(uid, 4, "01020304")).toBe(false);
  expect(p.trackedLen()).toBe(4);
});

test("fewer than 2 misses is not allowed (one miss is never a removal)", () => {
  const p = new Presence(1);
  p.read(uid, 4, "01020304");
  expect(p.missed()).toBe("");
  expect(p.missed()).toBe("01020304");
});
