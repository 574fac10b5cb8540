/**
 * Counts the records of a CSV as its bytes arrive, chunk by chunk: a record ends at a line feed
 * outside quotes (a quoted cell may hold line breaks; "" inside quotes toggles twice). Bytes are
 * enough: no byte of a multi-byte UTF-8 character is '"' or '\n', so chunks may split characters.
 */
export class CsvRecordCounter {
  records = 0;
  private quoted = false;

  /** Takes the next chunk; returns the records completed so far. */
  push(chunk: Uint8Array): number {
    let quoted = this.quoted;
    let records = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) records++;
    }
    this.quoted = quoted;
    this.records += records;
    return this.records;
  }

  /** Data rows: the records less the header line. */
  get rows(): number {
    return Math.max(0, this.records - 1);
  }
}
