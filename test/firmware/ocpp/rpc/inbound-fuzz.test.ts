// A short run of the inbound fuzz (the long one, >= 100,000 frames, is `npm run bench -- ocpp-fuzz`).
import { runInboundFuzz } from "../../../../tools/ocpp-testkit/inbound-fuzz";

test("4,000 random and mutated frames: no exception, no handler for an invalid frame, the right CALLERROR", () => {
  const r = runInboundFuzz(4000, 20240501);
  expect(r.examples).toEqual([]);
  expect(r.failures).toBe(0);
  expect(r.frames).toBe(4000);
  // The mix really reaches every path.
  expect(r.outcomes.handled).toBeGreaterThan(300);
  expect(r.outcomes.callerror).toBeGreaterThan(1000);
  expect(r.outcomes.response).toBeGreaterThan(300);
});
