// The broken twin: its certifying test fails, so the member is FAILED, the report is written, and the build is red
// because of it (not because of Surefire, which is told to ignore test failures here).
def out = new File(basedir, 'target/thread-safety-report')
def log = new File(basedir, 'build.log').text
assert log.contains('threadproof: FAILED: RacyCounter.increment (THREAD_SAFE)') : 'the build log does not name the failed member'
assert log.contains('thread-safety report is RED') : 'the build did not fail on the report'
def json = new groovy.json.JsonSlurper().parse(new File(out, 'report.json'))
assert json.verdict == 'RED'
def row = json.api.find { it.name == 'RacyCounter.increment' }
assert row.verdict == 'FAILED'
assert !row.evidence[0].passed
assert new File(out, 'TEST-thread-safety-report.xml').text.contains('RacyCounter.increment is THREAD_SAFE but FAILED')
return true
