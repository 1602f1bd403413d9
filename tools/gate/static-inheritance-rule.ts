// Espruino does not inherit static members: with `class B extends A {}`, `B.s()` fails with
// `Function "s" not found!`. Flag `B.s` when s is a static of an ancestor class but not of B itself.
import * as walk from "acorn-walk";
import type * as acorn from "acorn";
import { AnyNode, staticPropertyName } from "./ast";
import type { Report } from "./problem";
import type { Binding, ScopeAnalysis } from "./scope";

type ClassNode = acorn.ClassDeclaration | acorn.ClassExpression | acorn.AnonymousClassDeclaration;

export function checkStaticInheritance(program: acorn.Program, scopes: ScopeAnalysis, report: Report): void {
  const classOf = (binding: Binding | null | undefined): ClassNode | undefined => {
    if (!binding) return undefined;
    const decl = binding.declaration;
    if (decl.type === "ClassDeclaration" || decl.type === "ClassExpression") return decl;
    if (decl.type === "VariableDeclarator" && decl.id.type === "Identifier" && decl.init?.type === "ClassExpression") return decl.init;
    return undefined;
  };
  const ownStatics = new Map<ClassNode, Set<string>>();
  const staticsOf = (cls: ClassNode): Set<string> => {
    let names = ownStatics.get(cls);
    if (!names) {
      names = new Set();
      for (const member of cls.body.body) {
        if (member.type !== "StaticBlock" && member.static && !member.computed && member.key.type === "Identifier") names.add(member.key.name);
      }
      ownStatics.set(cls, names);
    }
    return names;
  };
  // esbuild lowers `static x = 1` to `B.x = 1` after the class: those are own statics too.
  walk.simple(program, {
    AssignmentExpression(node) {
      if (node.left.type !== "MemberExpression" || node.left.object.type !== "Identifier") return;
      const cls = classOf(scopes.referenceOf.get(node.left.object)?.binding);
      const name = staticPropertyName(node.left);
      if (cls && name !== undefined) staticsOf(cls).add(name);
    },
  });
  const superOf = (cls: ClassNode): ClassNode | undefined =>
    cls.superClass?.type === "Identifier" ? classOf(scopes.referenceOf.get(cls.superClass)?.binding) : undefined;

  walk.simple(program, {
    MemberExpression(node) {
      if (node.object.type !== "Identifier") return;
      const cls = classOf(scopes.referenceOf.get(node.object)?.binding);
      const name = staticPropertyName(node);
      if (!cls || name === undefined || staticsOf(cls).has(name)) return;
      const seen = new Set<ClassNode>([cls]);
      for (let ancestor = superOf(cls); ancestor && !seen.has(ancestor); ancestor = superOf(ancestor)) {
        seen.add(ancestor);
        if (staticsOf(ancestor).has(name)) {
          report(node as AnyNode, "static-inheritance", `${node.object.name}.${name} is a static inherited from `
            + `${ancestor.id?.name ?? "a base class"}; Espruino does not inherit statics (call it on the base class)`);
          return;
        }
      }
    },
  });
}
