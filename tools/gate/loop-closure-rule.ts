// On Espruino a `let`/`const` in a loop head is one binding for the whole loop, not one per iteration:
// `for (let i = 0; i < 3; i++) fns.push(() => i)` gives 3,3,3. Any function that captures such a
// variable is rejected, even one only called during the iteration (pass the value as a parameter
// to a helper instead). This also catches esbuild's __copyProps (`for (let key of ...) get: () => from[key]`).
import type { Report } from "./problem";
import type { ScopeAnalysis } from "./scope";

export function checkLoopClosures(scopes: ScopeAnalysis, report: Report): void {
  const reported = new Set<string>();
  for (const ref of scopes.references) {
    const binding = ref.binding;
    if (!binding || binding.scope.kind !== "for" || (binding.kind !== "let" && binding.kind !== "const")) continue;
    const closure = ref.scope.executionOwner;
    if (closure === binding.scope.executionOwner) continue;
    const key = `${binding.scope.node.start}:${binding.name}:${closure.node.start}`;
    if (reported.has(key)) continue;
    reported.add(key);
    report(ref.id, "loop-closure", `closure captures loop variable ${binding.name} (on Espruino a ${binding.kind} in a loop head `
      + "is shared by all iterations; pass the value to a helper function instead)");
  }
}

