/** Turns texts into unit vectors, one per text, in one encoder call. */
export type Encode = (texts: readonly string[]) => Promise<Float32Array>;

/** Most texts remembered: a turn reads a handful, and the same short requests recur across turns. */
const CAPACITY = 512;

/**
 * The encoder's vectors of recent texts: a clause is encoded once per message (its product words and its whole text
 * go in one encoder call), and a text seen before is not encoded again. Bounded, least recently used out first.
 */
export class EncodingCache {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly encode: Encode, private readonly dim: number) {}

  /** Unit vectors of the texts, concatenated in order; the texts not yet known go to the encoder in one call. */
  async get(texts: readonly string[]): Promise<Float32Array> {
    const missing = [...new Set(texts.filter((t) => !this.vectors.has(t)))];
    if (missing.length) {
      const fresh = await this.encode(missing);
      missing.forEach((t, i) => this.remember(t, fresh.slice(i * this.dim, (i + 1) * this.dim)));
    }
    const out = new Float32Array(texts.length * this.dim);
    texts.forEach((t, i) => {
      const v = this.vectors.get(t)!;
      // Most recently used last: re-insert.
      this.vectors.delete(t);
      this.vectors.set(t, v);
      out.set(v, i * this.dim);
    });
    return out;
  }

  private remember(text: string, vector: Float32Array): void {
    this.vectors.set(text, vector);
    if (this.vectors.size > CAPACITY) this.vectors.delete(this.vectors.keys().next().value!);
  }
}
