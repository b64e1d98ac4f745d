// A member without @ThreadSafety is UNDECLARED, a THREAD_SAFE member no test names is NO_EVIDENCE, and a build with
// no evidence at all trips a guard: each fails the build, and each is named.
def log = new File(basedir, 'build.log').text
assert log.contains('threadproof: UNDECLARED: Cache.clear (no @ThreadSafety)') : 'UNDECLARED member not named'
assert log.contains('threadproof: NO_EVIDENCE: Cache.get (THREAD_SAFE)') : 'NO_EVIDENCE member not named'
assert log.contains('GUARD: no evidence was given') : 'the empty-evidence guard did not trip'
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/thread-safety-report/report.json'))
assert json.verdict == 'RED'
return true
