/** Numbered query parameters by value: `p(x)` adds x and returns its placeholder. */
export function sqlParams() {
  const values: unknown[] = [];
  const p = (value: unknown, cast = "") => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  return { values, p };
}
