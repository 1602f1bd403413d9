// What the gate reports: one construct Espruino cannot run, at a bundle position.
import type { AnyNode } from "./ast";

export type RuleId =
  | "syntax-error"
  | "import-export"
  | "module-exports"
  | "default-param"
  | "rest-param"
  | "spread"
  | "destructuring"
  | "async"
  | "using"
  | "generator"
  | "optional-chain"
  | "exponent"
  | "logical-assignment"
  | "computed-key"
  | "label"
  | "private-member"
  | "class-static-block"
  | "tagged-template"
  | "new-target"
  | "bigint"
  | "extends-builtin"
  | "regex"
  | "missing-global"
  | "missing-static"
  | "array-prototype"
  | "object-tostring"
  | "error-instanceof"
  | "promise-finally"
  | "missing-method"
  | "json-callback"
  | "esbuild-helper"
  | "hoisting"
  | "loop-closure"
  | "arguments-in-arrow"
  | "static-inheritance";

export interface Problem {
  rule: RuleId;
  message: string;
  /** 1-based line and column in the gated file. */
  line: number;
  column: number;
  /** Character offset in the gated file. */
  offset: number;
}

export type Report = (node: AnyNode, rule: RuleId, message: string) => void;
