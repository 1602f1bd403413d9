// Short runs of the fuzz with the real handlers registered (the long ones are `npm run bench -- ocpp-fuzz`).
import { runHandlerFuzz } from "../../../../tools/ocpp-testkit/handler-fuzz";

test("3,000 random and mutated frames into the real handlers: right CALLERRORs, conforming answers, no state change from invalid frames", () => {
  const r = runHandlerFuzz(3000, 424242);
  expect(r.examples).toEqual([]);
  expect(r.failures).toBe(0);
  expect(r.frames).toBe(3000);
  expect(r.outcomes.handled).toBeGreaterThan(200);
  expect(r.outcomes.callerror).toBeGreaterThan(1000);
});

test("2,000 frames into the whole charger with its real session: the same, and the session only changes on valid calls", () => {
  const r = runHandlerFuzz(2000, 777, "real");
  expect(r.examples).toEqual([]);
  expect(r.failures).toBe(0);
  expect(r.outcomes.handled).toBeGreaterThan(100);
});
