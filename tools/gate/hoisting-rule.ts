// Espruino does not hoist function declarations: `f(); function f(){}` is a ReferenceError, at the top
// level and inside function bodies. A use is a problem when it runs in the same activation as the
// declaration (not inside a nested function, unless that function is invoked on the spot or is a
// callback an array method runs before returning, like forEach's) and comes before it. Calling an
// already declared function that itself uses a later one counts too: its body runs at the call,
// before the later declaration has run.
import type * as acorn from "acorn";
import { AnyNode, contains } from "./ast";
import type { Report } from "./problem";
import type { Binding, Reference, Scope, ScopeAnalysis } from "./scope";

export function checkHoisting(program: acorn.Program, scopes: ScopeAnalysis, report: Report): void {
  const lineOf = (node: AnyNode) => node.loc?.start.line ?? 0;
  const refsByOwner = new Map<Scope, Reference[]>();
  for (const ref of scopes.references) {
    const owner = ref.scope.hoistingOwner;
    const list = refsByOwner.get(owner);
    if (list) list.push(ref);
    else refsByOwner.set(owner, [ref]);
  }

  const declaredLater = (binding: Binding | null, at: AnyNode): boolean =>
    !!binding && binding.kind === "function" && contains(binding.scope.node, at) && binding.declaration.start > at.start;

  for (const ref of scopes.references) {
    if (!ref.read || !ref.binding || ref.binding.kind !== "function") continue;
    const binding = ref.binding;
    if (ref.scope.hoistingOwner !== binding.scope.hoistingOwner) continue;
    if (declaredLater(binding, ref.id)) {
      report(ref.id, "hoisting", `${ref.id.name} is used before its declaration on line ${lineOf(binding.declaration)}`
        + " (Espruino does not hoist functions: move the declaration up)");
      continue;
    }
    if (!ref.call) continue;
    // The callee is declared already: does its body use a function this point has not declared yet?
    const late = firstLateUse(binding, ref.id, refsByOwner, scopes, declaredLater);
    if (late) {
      report(ref.id, "hoisting", `calling ${late.path.join(" -> ")} here uses ${late.ref.id.name} before its declaration on line `
        + `${lineOf(late.binding.declaration)} (Espruino does not hoist functions: move the declaration up)`);
    }
  }
}

interface LateUse { path: string[]; ref: Reference; binding: Binding }

function firstLateUse(
  callee: Binding,
  callSite: acorn.Identifier,
  refsByOwner: Map<Scope, Reference[]>,
  scopes: ScopeAnalysis,
  declaredLater: (binding: Binding | null, at: AnyNode) => boolean,
): LateUse | undefined {
  const seen = new Set<Binding>();
  const search = (fn: Binding, path: string[]): LateUse | undefined => {
    if (seen.has(fn)) return undefined;
    seen.add(fn);
    const bodyScope = scopes.functionScopes.get(fn.declaration);
    if (!bodyScope) return undefined;
    for (const ref of refsByOwner.get(bodyScope) ?? []) {
      if (!ref.read || !ref.binding || ref.binding.kind !== "function") continue;
      if (declaredLater(ref.binding, callSite)) return { path, ref, binding: ref.binding };
      if (ref.call && contains(ref.binding.scope.node, callSite)) {
        const deeper = search(ref.binding, [...path, ref.binding.name]);
        if (deeper) return deeper;
      }
    }
    return undefined;
  };
  return search(callee, [callee.name]);
}
