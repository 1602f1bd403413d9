import * as acorn from "acorn";
import { analyzeScopes, type Reference } from "../../../tools/gate/scope";

function refs(code: string): Reference[] {
  return analyzeScopes(acorn.parse(code, { ecmaVersion: "latest", sourceType: "script", locations: true })).references;
}

/** The binding kind each reference named `name` resolves to, in source order (null = global). */
function resolved(code: string, name: string): (string | null)[] {
  return refs(code).filter((r) => r.id.name === name).map((r) => r.binding?.kind ?? null);
}

describe("scope analysis", () => {
  it("hoists var to the function, keeps let in its block", () => {
    expect(resolved("function f() { { var a = 1; } return a; }", "a")).toEqual(["var"]);
    expect(resolved("function f() { { let a = 1; } return a; }", "a")).toEqual([null]);
  });

  it("resolves parameters, catch parameters and named function expressions", () => {
    expect(resolved("function f(p) { return p; }", "p")).toEqual(["param"]);
    expect(resolved("try {} catch (e) { use(e); } use(e);", "e")).toEqual(["catch", null]);
    expect(resolved("var g = function self() { return self; };", "self")).toEqual(["self"]);
  });

  it("does not take property names, object keys or labels for references", () => {
    expect(refs("o.Map; var x = { Map: 1 }; class A { Map() {} } l: for (;;) break l;").map((r) => r.id.name)).toEqual(["o"]);
  });

  it("gives arrows no arguments of their own", () => {
    const [ref] = refs("function f() { return () => arguments; }").filter((r) => r.id.name === "arguments");
    expect(ref?.binding?.kind).toBe("arguments");
    expect(ref?.scope.nearestFunction.arrow).toBe(true);
  });

  it("puts loop-head let in a for scope and treats functions invoked on the spot as the same activation", () => {
    const [inLoop] = refs("for (let i = 0; i < 1; i++) (function () { use(i); })();").filter((r) => r.id.name === "i" && r.scope.kind !== "for");
    expect(inLoop?.binding?.scope.kind).toBe("for");
    expect(inLoop?.scope.executionOwner).toBe(inLoop?.binding?.scope.executionOwner);
    const [inCallback] = refs("for (let i = 0; i < 1; i++) later(function () { use(i); });").filter((r) => r.id.name === "i" && r.scope.kind !== "for");
    expect(inCallback?.scope.executionOwner).not.toBe(inCallback?.binding?.scope.executionOwner);
  });

  it("marks writes and calls", () => {
    const [write, call] = refs("x = 1; f();");
    expect(write).toMatchObject({ read: false, write: true, call: false });
    expect(call).toMatchObject({ read: true, call: true });
    expect(refs("x += 1;")[0]).toMatchObject({ read: true, write: true });
  });
});
