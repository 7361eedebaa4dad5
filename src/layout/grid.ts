/**
 * Key figures as a grid of equal boxes, shared by the deck and the report: how many side by side,
 * and rows as full as each other (10 go 4 + 3 + 3, never 4 + 4 + 2).
 */

export interface GridChoice<Fit> {
  /** Boxes in the longest row; every box is as wide as one of these. */
  readonly columns: number;
  /** Boxes in each row, top row first; lengths differ by one at most, longer rows first. */
  readonly rows: readonly number[];
  /** What `fitsAt` said for these columns; undefined when not even one column fits. */
  readonly fit: Fit | undefined;
}

export interface GridLimits {
  /** Up to this many boxes go in a single row when they fit there. */
  readonly oneRow: number;
  /** Otherwise at most this many side by side. */
  readonly columns: number;
}

/** Row lengths of `count` boxes over `rows` rows, as even as they can be. */
function balancedRows(count: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, row) => Math.floor(count / rows) + (row < count % rows ? 1 : 0));
}

/**
 * The most boxes side by side (within `limits`) at which `fitsAt(columns)` finds a fit, the rows
 * balanced; one column, with no fit, when none does.
 */
export function chooseGrid<Fit>(count: number, limits: GridLimits, fitsAt: (columns: number) => Fit | undefined): GridChoice<Fit> {
  const total = Math.max(1, count);
  const widest = total <= limits.oneRow ? total : Math.min(total, limits.columns);
  for (let tried = widest; tried >= 1; tried--) {
    const rows = balancedRows(total, Math.ceil(total / tried));
    const columns = rows[0]!;
    const fit = fitsAt(columns);
    if (fit !== undefined) return { columns, rows, fit };
  }
  return { columns: 1, rows: balancedRows(total, total), fit: undefined };
}

/** Row and column of each box, in reading order. */
export function gridCells(rows: readonly number[]): { readonly row: number; readonly column: number }[] {
  return rows.flatMap((length, row) => Array.from({ length }, (_, column) => ({ row, column })));
}
