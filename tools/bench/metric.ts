/** One benchmark figure, as written to bench/results.json (format in ../shared/PRODUCT.md). */
export interface Metric {
  id: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineName?: string;
  /** A short note printed with the table (not part of the stable format). */
  note?: string;
}

/** A benchmark suite: tools/bench/suites/<name>.ts exports `run`. */
export type Suite = () => Promise<Metric[]> | Metric[];
