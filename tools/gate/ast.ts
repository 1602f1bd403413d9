// Small helpers over acorn's ESTree nodes shared by the gate's rules.
import type * as acorn from "acorn";

export type AnyNode = acorn.AnyNode;

export function isNode(value: unknown): value is AnyNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
    && typeof (value as { start?: unknown }).start === "number";
}

/** Direct child nodes, in source order of the node's fields. */
export function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === "loc" || key === "range") continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

/** Parent of every node (the program has none). */
export function parentMap(program: acorn.Program): Map<AnyNode, AnyNode> {
  const parents = new Map<AnyNode, AnyNode>();
  const stack: AnyNode[] = [program];
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    for (const child of childNodes(node)) {
      parents.set(child, node);
      stack.push(child);
    }
  }
  return parents;
}

export function isFunctionNode(node: AnyNode): node is acorn.FunctionDeclaration | acorn.FunctionExpression | acorn.ArrowFunctionExpression {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

export function isPattern(node: AnyNode | null | undefined): node is acorn.ObjectPattern | acorn.ArrayPattern {
  return !!node && (node.type === "ObjectPattern" || node.type === "ArrayPattern");
}

/** `o.name` or `o["name"]`: the property name when it is static, else undefined. */
export function staticPropertyName(member: acorn.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === "Identifier") return member.property.name;
  if (member.computed && member.property.type === "Literal" && typeof member.property.value === "string") return member.property.value;
  return undefined;
}

/** Names bound by a binding pattern (`a`, `{a, b: [c]}`, `...d`, `e = 1`). */
export function patternNames(pattern: AnyNode | null | undefined, out: acorn.Identifier[] = []): acorn.Identifier[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case "Identifier": out.push(pattern); break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p : p.value, out);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) patternNames(e, out);
      break;
    case "RestElement": patternNames(pattern.argument, out); break;
    case "AssignmentPattern": patternNames(pattern.left, out); break;
    default: break;
  }
  return out;
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: AnyNode, inner: AnyNode): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
