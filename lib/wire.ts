// What crosses the wire as JSON: the shape the browser reads back of what the server sends.

/** `T` as a client reads it back from JSON (lib/api/respond.ts json()): dates become ISO strings, bigints numbers. */
export type Json<T> = T extends Date
  ? string
  : T extends bigint
    ? number
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;
