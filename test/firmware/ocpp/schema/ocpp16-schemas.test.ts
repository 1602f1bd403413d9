import fc from "fast-check";
import { checkPayload, codePointLength } from "../../../../firmware/ocpp/schema/payload-check";
import {
  CONFIRMATION_TYPES,
  isCentralSystemAction,
  REQUEST_TYPES,
  requestType,
} from "../../../../firmware/ocpp/schema/ocpp16-schemas";
import { officialSchema, officialVerdict } from "../../../../tools/ocpp-testkit/official-schemas";
import { boundaryPayloads, objectOf } from "../../../../tools/ocpp-testkit/schema-arbitrary";

const issue6Requests = ["SendLocalList", "GetLocalListVersion", "ChangeConfiguration", "GetConfiguration", "RemoteStartTransaction",
  "RemoteStopTransaction", "ClearCache", "ChangeAvailability", "Reset", "TriggerMessage", "UnlockConnector", "DataTransfer"];
const issue6Confirmations = ["BootNotification", "Heartbeat", "StatusNotification", "Authorize", "StartTransaction", "StopTransaction",
  "MeterValues", "DataTransfer"];

describe("payload types cover every message of issue 6", () => {
  test("requests from the Central System and confirmations we receive", () => {
    expect(Object.keys(REQUEST_TYPES).sort()).toEqual([...issue6Requests].sort());
    expect(Object.keys(CONFIRMATION_TYPES).sort()).toEqual([...issue6Confirmations].sort());
    for (const a of issue6Requests) expect(isCentralSystemAction(a)).toBe(true);
    expect(isCentralSystemAction("ReserveNow")).toBe(true);
    expect(isCentralSystemAction("BootNotification")).toBe(false);
    expect(isCentralSystemAction("Reset,SendLocalList")).toBe(false);
    expect(requestType("constructor")).toBeUndefined();
    expect(requestType("__proto__")).toBeUndefined();
  });
});

const cases: [string, string][] = [
  ...Object.entries(REQUEST_TYPES).map(([a, t]) => [a + ".req", t] as [string, string]),
  ...Object.entries(CONFIRMATION_TYPES).map(([a, t]) => [a + ".conf", t] as [string, string]),
];

describe("verdicts equal the official OCPP 1.6 schemas (as the strict ocpp-rpc peer applies them)", () => {
  const modes = cases.flatMap(([id, type]) => [[id, "noisy", type], [id, "values only", type]] as [string, string, string][]);
  test.each(modes)("%s (%s)", (id, mode, type) => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(objectOf(officialSchema(id), mode === "noisy"), (payload) => {
        const official = officialVerdict(id, payload);
        const ours = checkPayload(type, payload);
        if (official === undefined) valid++;
        else invalid++;
        if ((ours === undefined) !== (official === undefined)) {
          throw new Error(`${id}: ours ${ours ? ours.code + " " + ours.message : "valid"}, official ${official || "valid"} for ${JSON.stringify(payload)}`);
        }
      }),
      { numRuns: 800 },
    );
    // Both verdicts were really exercised (property-less schemas: only noise can make them invalid).
    const hasProps = Object.keys(officialSchema(id).properties || {}).length > 0;
    if (mode === "noisy" || hasProps) expect(invalid).toBeGreaterThan(10);
    if (hasProps) expect(valid).toBeGreaterThan(40);
  });

  test.each(cases)("%s: every field at its boundaries, removed, or joined by an unknown one", (id, type) => {
    const payloads = boundaryPayloads(officialSchema(id));
    let invalid = 0;
    for (const p of payloads) {
      const official = officialVerdict(id, p);
      if (official !== undefined) invalid++;
      const ours = checkPayload(type, p);
      if ((ours === undefined) !== (official === undefined)) {
        throw new Error(`${id}: ours ${ours ? ours.code + " " + ours.message : "valid"}, official ${official || "valid"} for ${JSON.stringify(p)}`);
      }
    }
    expect(invalid).toBeGreaterThan(0);
    expect(payloads.length - invalid).toBeGreaterThan(1);
  });

  test.each(cases)("%s: non-object payloads are refused like the official schema refuses them", (id, type) => {
    for (const p of [null, [], "x", 1, true, [{}]]) {
      expect(checkPayload(type, p)?.code).toBe("FormationViolation");
      expect(officialVerdict(id, p)).toBeDefined();
    }
  });
});

describe("error codes (OCPP-J 1.6 §4.2.3)", () => {
  const sll = REQUEST_TYPES.SendLocalList as string;
  const ok = { listVersion: 3, updateType: "Full", localAuthorizationList: [{ idTag: "AB", idTagInfo: { status: "Accepted", expiryDate: "2030-01-01T00:00:00Z" } }] };

  test("a conforming payload passes", () => {
    expect(checkPayload(sll, ok)).toBeUndefined();
  });

  test.each([
    ["wrong type", { ...ok, listVersion: "3" }, "TypeConstraintViolation", "listVersion"],
    ["wrong type deep", { ...ok, localAuthorizationList: [{ idTag: 5 }] }, "TypeConstraintViolation", "localAuthorizationList[0].idTag"],
    ["array expected", { ...ok, localAuthorizationList: {} }, "TypeConstraintViolation", "localAuthorizationList"],
    ["non-integer", { ...ok, listVersion: 1.5 }, "TypeConstraintViolation", "listVersion"],
    ["too long", { ...ok, localAuthorizationList: [{ idTag: "x".repeat(21) }] }, "PropertyConstraintViolation", "idTag"],
    ["enum", { ...ok, updateType: "Partial" }, "PropertyConstraintViolation", "updateType"],
    ["date-time", { ...ok, localAuthorizationList: [{ idTag: "A", idTagInfo: { status: "Accepted", expiryDate: "soon" } }] }, "PropertyConstraintViolation", "expiryDate"],
    ["missing required", { updateType: "Full" }, "OccurenceConstraintViolation", "listVersion"],
    ["missing required deep", { ...ok, localAuthorizationList: [{ idTag: "A", idTagInfo: {} }] }, "OccurenceConstraintViolation", "idTagInfo.status"],
    ["unknown property", { ...ok, extra: 1 }, "FormationViolation", "extra"],
    ["unknown property deep", { ...ok, localAuthorizationList: [{ idTag: "A", status: "Accepted" }] }, "FormationViolation", "localAuthorizationList[0].status"],
  ])("%s", (_name, payload, code, where) => {
    const v = checkPayload(sll, payload);
    expect(v?.code).toBe(code);
    expect(v?.message).toContain(where);
  });

  test("multipleOf 0.1 and code-point lengths", () => {
    const rst = REQUEST_TYPES.RemoteStartTransaction as string;
    const profile = (limit: number) => ({
      idTag: "A",
      chargingProfile: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: "TxProfile", chargingProfileKind: "Absolute",
        chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit }] } },
    });
    expect(checkPayload(rst, profile(16.3))).toBeUndefined();
    expect(checkPayload(rst, profile(16.35))?.code).toBe("PropertyConstraintViolation");
    const emoji20 = "😀".repeat(20);
    expect(codePointLength(emoji20)).toBe(20);
    expect(checkPayload(rst, { idTag: emoji20 })).toBeUndefined();
    expect(checkPayload(rst, { idTag: emoji20 + "x" })?.code).toBe("PropertyConstraintViolation");
  });
});
