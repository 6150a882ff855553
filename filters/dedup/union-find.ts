// Union-find over document numbers with datatrove 0.10's rule: union by size, ties go to the first document's
// root. The root of a cluster is the document datatrove keeps, so `keep: "first"` is this root.
export class UnionFind {
  private readonly parent = new Map<number, number>();
  private readonly size = new Map<number, number>();

  find(x: number): number {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // path compression
    for (let y = x, p = this.parent.get(y); p !== undefined && p !== root; p = this.parent.get(y)) {
      this.parent.set(y, root);
      y = p;
    }
    return root;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    const sa = this.size.get(ra) ?? 1;
    const sb = this.size.get(rb) ?? 1;
    if (sa < sb) [ra, rb] = [rb, ra];
    this.parent.set(ra, ra);
    this.parent.set(rb, ra);
    this.size.set(ra, sa + sb);
  }

  /** Every document that took part in a union, ascending. */
  members(): number[] {
    return [...this.parent.keys()].sort((x, y) => x - y);
  }
}
