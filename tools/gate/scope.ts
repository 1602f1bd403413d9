// Lexical scope analysis of a bundle: which declaration each identifier refers to, and which function
// body runs it. The hoisting, loop-closure and global rules need to know that, not just names.
import type * as acorn from "acorn";
import { AnyNode, childNodes, patternNames } from "./ast";

export type ScopeKind = "global" | "function" | "block" | "for" | "catch" | "switch" | "class" | "field";
export type BindingKind = "var" | "let" | "const" | "function" | "class" | "param" | "catch" | "import" | "self" | "arguments";

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring identifier (null for the implicit `arguments`). */
  id: acorn.Identifier | null;
  /** FunctionDeclaration, ClassDeclaration, VariableDeclarator, function (params), CatchClause, ImportDeclaration. */
  declaration: AnyNode;
  scope: Scope;
}

export interface Reference {
  id: acorn.Identifier;
  scope: Scope;
  /** null when the name is not declared anywhere in the bundle (a global). */
  binding: Binding | null;
  read: boolean;
  write: boolean;
  /** The callee of a call or `new`: its function body runs here. */
  call: boolean;
}

export class Scope {
  readonly bindings = new Map<string, Binding>();

  constructor(
    readonly kind: ScopeKind,
    readonly node: AnyNode,
    readonly parent: Scope | null,
    /** Arrow function scopes have no own `this`/`arguments`. */
    readonly arrow = false,
    /** A function expression called where it is written (`(function(){...})()`) or a class static block. */
    readonly immediatelyInvoked = false,
    /** A function expression handed to an array method that calls it before returning (`a.forEach(function(){...})`). */
    readonly synchronousCallback = false,
  ) {}

  declare(name: string, kind: BindingKind, id: acorn.Identifier | null, declaration: AnyNode): void {
    const existing = this.bindings.get(name);
    if (existing && existing.kind !== "self" && existing.kind !== "arguments") return;
    this.bindings.set(name, { name, kind, id, declaration, scope: this });
  }

  lookup(name: string): Binding | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return null;
  }

  /** Where `var` declarations land. */
  get varScope(): Scope {
    let s: Scope = this;
    while (s.kind !== "function" && s.kind !== "global" && s.parent) s = s.parent;
    return s;
  }

  /**
   * The function body whose execution runs code in this scope: the nearest function that is not
   * invoked on the spot (or a class field initializer, or the program). Code in two scopes with
   * the same owner runs in the same activation, in source order.
   */
  get executionOwner(): Scope {
    let s: Scope = this;
    while (s.parent && !(s.kind === "field" || (s.kind === "function" && !s.immediatelyInvoked))) s = s.parent;
    return s;
  }

  /**
   * Like executionOwner, but also through callbacks that array methods run before they return: the
   * activation in which a use of a not yet declared function would fail (hoisting rule). The
   * loop-closure rule keeps executionOwner: such a callback may be a user method's that runs later.
   */
  get hoistingOwner(): Scope {
    let s: Scope = this;
    while (s.parent && !(s.kind === "field" || (s.kind === "function" && !s.immediatelyInvoked && !s.synchronousCallback))) s = s.parent;
    return s;
  }

  /** Nearest function scope (arrow or not), or the program. */
  get nearestFunction(): Scope {
    let s: Scope = this;
    while (s.parent && s.kind !== "function" && s.kind !== "field") s = s.parent;
    return s;
  }
}

export interface ScopeAnalysis {
  global: Scope;
  references: Reference[];
  referenceOf: Map<acorn.Identifier, Reference>;
  /** The scope each function node opens. */
  functionScopes: Map<AnyNode, Scope>;
}

/** Array methods that call their callback before they return. */
export const SYNCHRONOUS_CALLBACK_METHODS = ["forEach", "map", "filter", "some", "every", "reduce", "find", "findIndex", "sort"];

type FunctionNode = acorn.FunctionDeclaration | acorn.FunctionExpression | acorn.ArrowFunctionExpression | acorn.AnonymousFunctionDeclaration;
type ClassNode = acorn.ClassDeclaration | acorn.ClassExpression | acorn.AnonymousClassDeclaration;

export function analyzeScopes(program: acorn.Program): ScopeAnalysis {
  return new Analyzer(program).result;
}

class Analyzer {
  readonly result: ScopeAnalysis;
  private readonly references: Reference[] = [];
  private readonly functionScopes = new Map<AnyNode, Scope>();
  private readonly invokedOnTheSpot = new Set<AnyNode>();
  private readonly synchronousCallbacks = new Set<AnyNode>();

  constructor(program: acorn.Program) {
    const global = new Scope("global", program, null);
    for (const statement of program.body) this.visit(statement, global);
    const referenceOf = new Map<acorn.Identifier, Reference>();
    for (const ref of this.references) {
      ref.binding = ref.scope.lookup(ref.id.name);
      referenceOf.set(ref.id, ref);
    }
    this.result = { global, references: this.references, referenceOf, functionScopes: this.functionScopes };
  }

  private reference(id: acorn.Identifier, scope: Scope, read: boolean, write: boolean, call = false): void {
    this.references.push({ id, scope, binding: null, read, write, call });
  }

  private visit(node: AnyNode | null | undefined, scope: Scope): void {
    if (!node) return;
    switch (node.type) {
      case "Identifier":
        this.reference(node, scope, true, false);
        return;
      case "FunctionDeclaration":
        if (node.id) scope.declare(node.id.name, "function", node.id, node);
        this.visitFunction(node, scope);
        return;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        this.visitFunction(node, scope);
        return;
      case "ClassDeclaration":
        if (node.id) scope.declare(node.id.name, "class", node.id, node);
        this.visitClass(node, scope);
        return;
      case "ClassExpression":
        this.visitClass(node, scope);
        return;
      case "VariableDeclaration":
        for (const declarator of node.declarations) {
          const target = node.kind === "var" ? scope.varScope : scope;
          const kind = node.kind === "var" || node.kind === "let" ? node.kind : "const"; // `using` binds like const
          for (const id of patternNames(declarator.id)) target.declare(id.name, kind, id, declarator);
          this.visitPatternInternals(declarator.id, scope);
          this.visit(declarator.init, scope);
        }
        return;
      case "BlockStatement": {
        const block = new Scope("block", node, scope);
        for (const statement of node.body) this.visit(statement, block);
        return;
      }
      case "StaticBlock": {
        const block = new Scope("function", node, scope, false, true);
        for (const statement of node.body) this.visit(statement, block);
        return;
      }
      case "ForStatement": {
        const lexical = node.init && node.init.type === "VariableDeclaration" && node.init.kind !== "var";
        const head = lexical ? new Scope("for", node, scope) : scope;
        this.visit(node.init, head);
        this.visit(node.test, head);
        this.visit(node.update, head);
        this.visit(node.body, head);
        return;
      }
      case "ForInStatement":
      case "ForOfStatement": {
        this.visit(node.right, scope);
        const lexical = node.left.type === "VariableDeclaration" && node.left.kind !== "var";
        const head = lexical ? new Scope("for", node, scope) : scope;
        if (node.left.type === "VariableDeclaration") this.visit(node.left, head);
        else this.visitAssignTarget(node.left, scope, false);
        this.visit(node.body, head);
        return;
      }
      case "CatchClause": {
        const catchScope = new Scope("catch", node, scope);
        for (const id of patternNames(node.param)) catchScope.declare(id.name, "catch", id, node);
        this.visitPatternInternals(node.param, catchScope);
        this.visit(node.body, catchScope);
        return;
      }
      case "SwitchStatement": {
        this.visit(node.discriminant, scope);
        const cases = new Scope("switch", node, scope);
        for (const c of node.cases) {
          this.visit(c.test, cases);
          for (const statement of c.consequent) this.visit(statement, cases);
        }
        return;
      }
      case "MemberExpression":
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case "Property":
        if (node.computed) this.visit(node.key, scope);
        this.visit(node.value, scope);
        return;
      case "LabeledStatement":
        this.visit(node.body, scope);
        return;
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateIdentifier":
        return;
      case "AssignmentExpression":
        this.visitAssignTarget(node.left, scope, node.operator !== "=");
        this.visit(node.right, scope);
        return;
      case "UpdateExpression":
        if (node.argument.type === "Identifier") this.reference(node.argument, scope, true, true);
        else this.visit(node.argument, scope);
        return;
      case "CallExpression":
      case "NewExpression": {
        const callee = node.callee;
        if (callee.type === "FunctionExpression" || callee.type === "ArrowFunctionExpression") this.invokedOnTheSpot.add(callee);
        if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier"
          && (callee.property.name === "call" || callee.property.name === "apply")
          && (callee.object.type === "FunctionExpression" || callee.object.type === "ArrowFunctionExpression")) {
          this.invokedOnTheSpot.add(callee.object);
        }
        if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier"
          && SYNCHRONOUS_CALLBACK_METHODS.includes(callee.property.name)) {
          for (const arg of node.arguments) {
            if (arg.type === "FunctionExpression" || arg.type === "ArrowFunctionExpression") this.synchronousCallbacks.add(arg);
          }
        }
        if (callee.type === "Identifier") this.reference(callee, scope, true, false, true);
        else this.visit(callee, scope);
        for (const arg of node.arguments) this.visit(arg, scope);
        return;
      }
      case "ImportDeclaration":
        for (const s of node.specifiers) scope.declare(s.local.name, "import", s.local, node);
        return;
      case "ExportNamedDeclaration":
        if (node.declaration) this.visit(node.declaration, scope);
        else if (!node.source) {
          for (const s of node.specifiers) if (s.local.type === "Identifier") this.reference(s.local, scope, true, false);
        }
        return;
      case "ExportDefaultDeclaration":
        this.visit(node.declaration, scope);
        return;
      case "ExportAllDeclaration":
        return;
      default:
        for (const child of childNodes(node)) this.visit(child, scope);
    }
  }

  private visitFunction(fn: FunctionNode, outer: Scope): void {
    const arrow = fn.type === "ArrowFunctionExpression";
    const scope = new Scope("function", fn, outer, arrow, this.invokedOnTheSpot.has(fn), this.synchronousCallbacks.has(fn));
    this.functionScopes.set(fn, scope);
    if (fn.type === "FunctionExpression" && fn.id) scope.declare(fn.id.name, "self", fn.id, fn);
    if (!arrow) scope.declare("arguments", "arguments", null, fn);
    for (const param of fn.params) {
      for (const id of patternNames(param)) scope.declare(id.name, "param", id, fn);
      this.visitPatternInternals(param, scope);
    }
    if (fn.body.type === "BlockStatement") {
      for (const statement of fn.body.body) this.visit(statement, scope);
    } else {
      this.visit(fn.body, scope);
    }
  }

  private visitClass(cls: ClassNode, outer: Scope): void {
    this.visit(cls.superClass, outer);
    const scope = new Scope("class", cls, outer);
    if (cls.id) scope.declare(cls.id.name, "self", cls.id, cls);
    for (const member of cls.body.body) {
      if (member.type === "StaticBlock") {
        this.visit(member, scope);
        continue;
      }
      if (member.computed) this.visit(member.key, scope);
      if (member.type === "MethodDefinition") {
        this.visitFunction(member.value, scope);
      } else if (member.value) {
        // Static field values run when the class is defined; instance fields when it is constructed.
        this.visit(member.value, member.static ? scope : new Scope("field", member, scope));
      }
    }
  }

  /** Default values and computed keys inside a binding pattern (its names are declared by the caller). */
  private visitPatternInternals(pattern: AnyNode | null | undefined, scope: Scope): void {
    if (!pattern) return;
    switch (pattern.type) {
      case "ObjectPattern":
        for (const p of pattern.properties) {
          if (p.type === "RestElement") this.visitPatternInternals(p.argument, scope);
          else {
            if (p.computed) this.visit(p.key, scope);
            this.visitPatternInternals(p.value, scope);
          }
        }
        return;
      case "ArrayPattern":
        for (const e of pattern.elements) this.visitPatternInternals(e, scope);
        return;
      case "RestElement":
        this.visitPatternInternals(pattern.argument, scope);
        return;
      case "AssignmentPattern":
        this.visitPatternInternals(pattern.left, scope);
        this.visit(pattern.right, scope);
        return;
      case "MemberExpression":
        this.visit(pattern, scope);
        return;
      default:
        return;
    }
  }

  /** The left side of an assignment or of `for (x in/of ...)`. */
  private visitAssignTarget(target: AnyNode, scope: Scope, alsoRead: boolean): void {
    switch (target.type) {
      case "Identifier":
        this.reference(target, scope, alsoRead, true);
        return;
      case "ObjectPattern":
        for (const p of target.properties) {
          if (p.type === "RestElement") this.visitAssignTarget(p.argument, scope, false);
          else {
            if (p.computed) this.visit(p.key, scope);
            this.visitAssignTarget(p.value, scope, false);
          }
        }
        return;
      case "ArrayPattern":
        for (const e of target.elements) if (e) this.visitAssignTarget(e, scope, false);
        return;
      case "RestElement":
        this.visitAssignTarget(target.argument, scope, false);
        return;
      case "AssignmentPattern":
        this.visitAssignTarget(target.left, scope, false);
        this.visit(target.right, scope);
        return;
      default:
        this.visit(target, scope);
    }
  }
}
