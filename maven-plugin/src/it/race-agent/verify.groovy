// prepare-agent: the detector is loaded by -javaagent at start-up (the JVM forbids dynamic agents on JDK 21+), the
// harness watches the test, and a correct hand-off is no race.
def log = new File(basedir, 'build.log').text
assert log.contains('loads the race detector at start-up: -javaagent:') : 'prepare-agent did not set argLine'
assert log.contains('race detector on for packages com.example.race (loaded at start-up by -javaagent') : 'not loaded at start-up'
assert log.contains('race detector: 1 test watched, 0 data races reported') : 'the test was not watched'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the test did not pass'
def summary = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/threadproof/harness/summary.json'))
assert summary.raceChecked == 1
assert summary.races == 0
return true
