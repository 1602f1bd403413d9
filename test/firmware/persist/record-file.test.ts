import { RecordFile } from "../../../firmware/persist/record-file";
import { SimStorage } from "../../../hal/sim/storage";

const store = () => new SimStorage({ pages: 16, pageSize: 512 });

describe("RecordFile", () => {
  test("empty: absent, not corrupt", () => {
    expect(new RecordFile(store(), "cfg").load()).toEqual({ value: undefined, corrupt: false });
  });

  test("save then load, also from a fresh instance after a power cycle", () => {
    const s = store();
    const r = new RecordFile(s, "cfg");
    r.save('{"a":1}');
    expect(r.load()).toEqual({ value: '{"a":1}', corrupt: false });
    s.powerCycle();
    expect(new RecordFile(s, "cfg").load()).toEqual({ value: '{"a":1}', corrupt: false });
  });

  test("saves alternate between two slots and the newest wins, across reboots", () => {
    const s = store();
    for (let i = 1; i <= 5; i++) {
      new RecordFile(s, "cfg").save("v" + i); // a fresh instance each time, as after a reboot
      expect(new RecordFile(s, "cfg").load().value).toBe("v" + i);
    }
    expect(s.list("cfg").sort()).toEqual(["cfg~0", "cfg~1"]);
  });

  test("clear removes both slots", () => {
    const s = store();
    const r = new RecordFile(s, "cfg");
    r.save("one");
    r.save("two");
    r.clear();
    expect(r.load()).toEqual({ value: undefined, corrupt: false });
    expect(s.list("cfg")).toEqual([]);
    r.save("three");
    expect(new RecordFile(s, "cfg").load().value).toBe("three");
  });

  test("a bad name is refused", () => {
    expect(() => new RecordFile(store(), "")).toThrow(/name/);
    expect(() => new RecordFile(store(), "x".repeat(27))).toThrow(/name/);
  });

  test("a corrupted newest slot is reported and never used: the older value is read", () => {
    const s = store();
    const r = new RecordFile(s, "cfg");
    r.save("older");
    r.save("newer");
    const newest = s.list("cfg").find((n) => {
      const b = s.read(n)!;
      return String.fromCharCode(...b.subarray(b.length - 5)) === "newer";
    })!;
    s.corrupt(newest, 16, 0x01);
    expect(new RecordFile(s, "cfg").load()).toEqual({ value: "older", corrupt: true });
    // corrupt the other slot too: nothing usable, still reported
    const other = newest === "cfg~0" ? "cfg~1" : "cfg~0";
    s.corrupt(other, 3, 0x80);
    expect(new RecordFile(s, "cfg").load()).toEqual({ value: undefined, corrupt: true });
  });

  test("a corrupted header field (sequence) is caught by the checksum too", () => {
    const s = store();
    const r = new RecordFile(s, "cfg");
    r.save("A");
    r.save("B");
    // raise the older slot's sequence: without the checksum covering it, "A" would win
    const older = s.list("cfg").find((n) => s.read(n)![14] === "A".charCodeAt(0))!;
    s.corrupt(older, 5, 0x40);
    expect(new RecordFile(s, "cfg").load()).toEqual({ value: "B", corrupt: true });
  });

  describe("power cut at every operation of a save sequence", () => {
    const values = ["first", '{"mode":"restricted","n":2}', "third value, longer than the others", "4"];

    function run(cutOp: number, landed: number) {
      const s = store();
      // an old value already in place, in both slots
      const boot = new RecordFile(s, "state");
      boot.save("old-a");
      boot.save("old");
      s.cutPowerAt(cutOp, landed);
      const r = new RecordFile(s, "state");
      let done = 0;
      try {
        for (const v of values) {
          r.save(v);
          done++;
        }
      } catch (e) {
        expect((e as { code?: string }).code).toBe("POWER");
      }
      s.powerCycle();
      return { s, done };
    }

    // every save is one storage write: units = old slot to trash + header + data bytes
    const cases: [number, number][] = [];
    values.forEach((v, i) => {
      const units = 2 + 14 + v.length;
      for (let landed = 0; landed < units; landed++) cases.push([i + 1, landed]);
    });

    test.each(cases)("cut at save %i with %i units landed: reads exactly the old or the new value", (cutOp, landed) => {
      const { s, done } = run(cutOp, landed);
      expect(done).toBe(cutOp - 1);
      const before = done === 0 ? "old" : values[done - 1];
      const after = new RecordFile(s, "state").load();
      expect([before, values[done]]).toContain(after.value);
      // a save cut part-way never lands: the last completed value is read
      expect(after.value).toBe(before);
      // a partly written slot (header landed) is reported as corrupt, a merely trashed one is not
      expect(after.corrupt).toBe(landed >= 2);
      // the unit carries on: the next save and reboot read the new value with nothing corrupt
      new RecordFile(s, "state").save("next");
      s.powerCycle();
      expect(new RecordFile(s, "state").load()).toEqual({ value: "next", corrupt: false });
    });
  });

  describe("loadJson", () => {
    test("the parsed value; nothing stored is undefined without a problem", () => {
      const s = store();
      const problems: string[] = [];
      expect(new RecordFile(s, "cfg").loadJson("cfg", "defaults used", problems)).toBeUndefined();
      new RecordFile(s, "cfg").save('{"a":[1,2]}');
      expect(new RecordFile(s, "cfg").loadJson("cfg", "defaults used", problems)).toEqual({ a: [1, 2] });
      expect(problems).toEqual([]);
    });

    test("text that is not JSON: undefined, and what is done instead", () => {
      const s = store();
      new RecordFile(s, "cfg").save("{not json");
      const problems: string[] = [];
      expect(new RecordFile(s, "cfg").loadJson("cfg", "defaults used", problems)).toBeUndefined();
      expect(problems).toEqual(["cfg: stored record is not JSON; defaults used"]);
    });

    test("a slot that failed its checksum is reported, the other one read", () => {
      const s = store();
      const r = new RecordFile(s, "cfg");
      r.save('"older"');
      r.save('"newer"');
      const newest = s.list("cfg").find((n) => String.fromCharCode(...s.read(n)!.subarray(-7)) === '"newer"')!;
      s.corrupt(newest, 16, 0x01);
      const problems: string[] = [];
      expect(new RecordFile(s, "cfg").loadJson("cfg", "defaults used", problems)).toBe("older");
      expect(problems).toEqual(["cfg: a stored copy failed its checksum (the other is used)"]);
    });
  });
});
