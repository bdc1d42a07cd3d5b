// The one seeded random source of bnnc: every random draw (initialization, Monte-Carlo ε,
// upsampling, permutations, posterior draws) comes from an Rng so that a seed fixes a run.
//
//   new Rng(seed)          xoshiro128** seeded through splitmix32 (the seed's integer part is used)
//   rng.next()             uniform in [0, 1) (32-bit resolution)
//   rng.uint32()           uniform 32-bit unsigned integer
//   rng.int(n)             uniform integer in [0, n) (unbiased)
//   rng.normal(mu?, sd?)   Normal via Box-Muller (the pair's second value is kept for the next call)
//   rng.fillNormal(out)    fills a Float32Array/Float64Array with N(0, 1) draws
//   rng.shuffle(arr)       in-place Fisher-Yates; returns arr
//   rng.permutation(n)     a shuffled Int32Array of 0..n-1
//   rng.fork(label)        an independent child stream named by label; it depends only on the
//                          seed and the label, not on how many draws this stream has made

export class Rng {
  readonly seed: number;
  /** The fork path that made this stream ("a/b" for rng.fork('a').fork('b')); undefined at the root. */
  readonly label: string | undefined;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number, label?: string) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    this.seed = seed;
    this.label = label;
    // Fold a possibly large seed into 32 bits (low word xor high word), and a fork label in by
    // FNV-1a, then expand through splitmix32 into the 128-bit state.
    let x = (Math.floor(seed) >>> 0) ^ (Math.floor(seed / 4294967296) >>> 0);
    if (label !== undefined) {
      let h = 0x811c9dc5;
      for (let i = 0; i < label.length; i++) {
        h ^= label.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      x = (Math.imul(x ^ 0x5bd1e995, 0x27d4eb2d) ^ h) >>> 0;
    }
    const sm = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = sm();
    this.s1 = sm();
    this.s2 = sm();
    this.s3 = sm();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  uint32(): number {
    const s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = (s2 ^ s0) >>> 0;
    let n3 = (s3 ^ s1) >>> 0;
    const n1 = (s1 ^ n2) >>> 0;
    const n0 = (s0 ^ n3) >>> 0;
    n2 = (n2 ^ t) >>> 0;
    n3 = rotl(n3, 11);
    this.s0 = n0;
    this.s1 = n1;
    this.s2 = n2;
    this.s3 = n3;
    return r;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296)
      throw new Error(`Rng.int needs an integer in [1, 2^32], got ${n}`);
    // Rejection sampling removes the modulo bias.
    const limit = 4294967296 - (4294967296 % n);
    let u = this.uint32();
    while (u >= limit) u = this.uint32();
    return u % n;
  }

  normal(mu = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mu + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * v;
    this.spare = r * Math.sin(th);
    return mu + sd * r * Math.cos(th);
  }

  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  shuffle<A extends { length: number; [i: number]: unknown }>(arr: A): A {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    this.shuffle(p);
    return p;
  }

  fork(label: string): Rng {
    return new Rng(this.seed, this.label === undefined ? label : `${this.label}/${label}`);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
