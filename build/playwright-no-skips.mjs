// A Playwright reporter that fails the run when any test did not run (skipped, fixme) or
// when no test ran at all: a skip is a check that did not happen.
export default class NoSkippedTests {
  skipped = [];
  ran = 0;

  onTestEnd(test, result) {
    if (result.status === 'skipped') this.skipped.push(test.titlePath().filter(Boolean).join(' > '));
    else this.ran += 1;
  }

  onEnd(result) {
    if (this.skipped.length === 0 && this.ran > 0) return undefined;
    process.stderr.write(this.ran === 0 ? 'No browser test ran.\n' : `${this.skipped.length} browser test(s) did not run:\n  ${this.skipped.join('\n  ')}\n`);
    return { status: result.status === 'passed' ? 'failed' : result.status };
  }

  printsToStdio() {
    return false;
  }
}
