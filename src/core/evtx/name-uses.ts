/**
 * The name references read while one template definition is parsed (where each u32 name offset sits, which
 * name it gave, which element token it belongs to): what template-cache.ts checks another copy against.
 */
/** The name references one definition's parse read, recorded by the parser (see `Cursor.names`). */
export class NameUses {
  /** Per reference: chunk offset of its u32 field, then the offset of its element token or -1 (not an element). */
  readonly fields: number[] = [];
  readonly names: string[] = [];
  /** False when the definition cannot be reused (it holds a template instance, or an element of the rare layout). */
  reusable = true;

  /** Records a name reference read at chunk offset `field`. */
  add(field: number, name: string): void {
    this.fields.push(field, -1);
    this.names.push(name);
  }

  /** Marks the last reference as an element name whose token starts at `tokenAt` (the standard layout). */
  elementAt(tokenAt: number): void {
    this.fields[this.fields.length - 1] = tokenAt;
  }
}
