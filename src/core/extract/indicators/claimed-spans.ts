/**
 * Spans already taken by a stronger reading (a URL, an e-mail, a path, a registry key), so that later scanners do
 * not report their parts again (a URL's host as a domain, a path's directory as a file). Sorted, non-overlapping
 * inserts; lookups by bisection.
 */
export class ClaimedSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Records [start, end); overlapping claims are merged. */
  claim(start: number, end: number): void {
    let i = this.indexAfter(start);
    // Merge with a predecessor that overlaps.
    if (i > 0 && (this.ends[i - 1] ?? -1) >= start) {
      i--;
      start = Math.min(start, this.starts[i] ?? start);
      end = Math.max(end, this.ends[i] ?? end);
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    }
    while (i < this.starts.length && (this.starts[i] ?? Number.POSITIVE_INFINITY) <= end) {
      end = Math.max(end, this.ends[i] ?? end);
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    }
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }

  /** True when [start, end) overlaps a claimed span. */
  overlaps(start: number, end: number): boolean {
    const i = this.indexAfter(end - 1);
    return i > 0 && (this.ends[i - 1] ?? -1) > start;
  }

  /** Number of claimed starts <= at. */
  private indexAfter(at: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
