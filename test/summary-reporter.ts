/**
 * Vitest reporter that ends the run with the plain line CI reads:
 * `N passed, N failed, N skipped`. Modules that fail to load count as failed.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === 'passed') this.passed++;
    else if (state === 'failed') this.failed++;
    else this.skipped++;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    // A module whose import throws has no test cases but must not read as green.
    const brokenModules = testModules.filter((m) => m.state() === 'failed' && m.children.size === 0).length;
    const failed = this.failed + brokenModules + unhandledErrors.length;
    process.stdout.write(`\n${this.passed} passed, ${failed} failed, ${this.skipped} skipped\n`);
  }
}
