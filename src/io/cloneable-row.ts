// A row as values a worker thread can post: Arrow's list vectors and struct rows are class instances that structured
// clone would strip to their internals. They become what their toJSON gives, which is what every reader of a row
// (JSON.stringify of carried metadata, iteration of a list column) already took from them.

export function cloneableRow(row: Record<string, unknown>): Record<string, unknown> {
  return cloneable(row) as Record<string, unknown>;
}

function cloneable(value: unknown): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(cloneable);
  if (Object.getPrototypeOf(value) !== Object.prototype && typeof (value as { toJSON?: unknown }).toJSON === "function")
    return cloneable((value as { toJSON(): unknown }).toJSON());
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) plain[key] = cloneable(item);
  return plain;
}
