import { parseScenario } from "../../../tools/sim/scenario";

const example = {
  name: "restricted charging, listed card",
  config: { AuthorizationRequired: true, ConnectionTimeOut: 30 },
  localList: { listVersion: 1, entries: [{ idTag: "04A1B2C3D4E5F6", status: "Accepted" }] },
  backend: { online: true, idTags: { DEADBEEF: "Accepted" } },
  steps: [
    { at: 0, do: "plug" },
    { at: 500, expect: { led: "yellow", relay: "open", status: "Preparing" } },
    { at: 1000, do: "tap", uid: "04A1B2C3D4E5F6" },
    { at: 1400, do: "request" },
    { at: 1600, expect: { relay: "closed", status: "Charging", lastAuth: "Accepted" } },
    { at: 3500, expect: { led: "blue/pulse" } },
  ],
};

describe("scenario format (PRODUCT.md contract)", () => {
  test("the PRODUCT.md example parses", () => {
    const s = parseScenario(example);
    expect(s.config).toEqual({ AuthorizationRequired: "true", ConnectionTimeOut: "30" });
    expect(s.steps).toHaveLength(6);
    expect(s.steps[2]).toMatchObject({ kind: "action", action: { do: "tap", uid: "04A1B2C3D4E5F6", holdMs: 300 } });
    expect(s.steps[5]).toMatchObject({ kind: "expect", expect: { led: { color: "blue", pattern: "pulse" } } });
  });

  test("every action of the format is accepted", () => {
    const steps = [
      { at: 0, do: "plug" }, { at: 0, do: "request" }, { at: 0, do: "suspend" }, { at: 0, do: "unplug" },
      { at: 0, do: "tap", uid: "DEADBEEF", holdMs: 50 }, { at: 0, do: "tap-many", uids: ["DEADBEEF", "04A1B2C3D4E5F6"] },
      { at: 0, do: "offline" }, { at: 0, do: "online" }, { at: 0, do: "power-cycle" },
      { at: 0, do: "remote-start", idTag: "ABC" }, { at: 0, do: "remote-stop" },
      { at: 0, do: "send-local-list", listVersion: 2, updateType: "Differential", entries: [{ idTag: "A" }, { idTag: "B", idTagInfo: { status: "Blocked" } }] },
      { at: 0, do: "set-config", key: "MaxCurrent", value: 20 }, { at: 0, do: "reader-fault", kind: "noise" },
      { at: 0, do: "weld" }, { at: 0, do: "weld", stuck: false },
    ];
    const s = parseScenario({ steps });
    expect(s.steps.map((x) => (x.kind === "action" ? x.action.do : "")).length).toBe(steps.length);
    expect(s.steps[14]).toMatchObject({ action: { do: "weld", stuck: true } });
  });

  test.each([
    [{ steps: [{ at: 0, do: "plug" }], extra: 1 }, /unknown key "extra"/],
    [{ steps: [{ at: 0, do: "fly" }] }, /unknown action "fly"/],
    [{ steps: [{ at: 0, do: "tap", uid: "DEADBEEF", pressure: 3 }] }, /steps\[0\]: unknown key "pressure"/],
    [{ steps: [{ at: 0, do: "tap", uid: "XYZ" }] }, /steps\[0\]\.uid/],
    [{ steps: [{ at: 0, expect: { colour: "red" } }] }, /unknown key "colour"/],
    [{ steps: [{ at: 0, expect: { led: "purple" } }] }, /led: expected one of/],
    [{ steps: [{ at: 0, expect: { led: "red/wobble" } }] }, /pattern/],
    [{ steps: [{ at: 500, do: "plug" }, { at: 100, do: "unplug" }] }, /before the previous step/],
    [{ config: { NoSuchKey: 1 }, steps: [{ at: 0, do: "plug" }] }, /unknown configuration key "NoSuchKey"/],
    [{ config: { MaxCurrent: 99 }, steps: [{ at: 0, do: "plug" }] }, /would answer Rejected/],
    [{ localList: { listVersion: 1, entries: [{ idTag: "A", status: "Maybe" }] }, steps: [{ at: 0, do: "plug" }] }, /status: expected one of/],
    [{ backend: { online: true, idTags: { A: "Yes" } }, steps: [{ at: 0, do: "plug" }] }, /idTags\.A/],
    [{ steps: [] }, /non-empty array/],
    [{ steps: [{ at: 0, do: "plug", expect: { relay: "open" } }] }, /not both/],
  ])("rejects %j", (raw, message) => {
    expect(() => parseScenario(raw)).toThrow(message);
  });
});
