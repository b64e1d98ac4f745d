// A library whose every claim has passing evidence: the build passes and the report says why.
def out = new File(basedir, 'target/thread-safety-report')
def log = new File(basedir, 'build.log').text
assert log.contains('threadproof: thread-safety report GREEN') : 'no GREEN summary in the build log'
['index.html', 'report.md', 'report.json', 'TEST-thread-safety-report.xml'].each {
    assert new File(out, it).length() > 0 : "missing $it"
}
def json = new groovy.json.JsonSlurper().parse(new File(out, 'report.json'))
assert json.verdict == 'GREEN'
def row = { name -> json.api.find { it.name == name } }
assert row('Counter.increment').verdict == 'CERTIFIED'
assert row('Counter.<init>').verdict == 'CERTIFIED'
assert row('Counter.increment').evidence[0].source == 'JUnit'
assert row('Counter.increment').evidence[0].test == 'com.example.it.CounterTest.noIncrementIsLost'
assert row('Limits.THREADS').verdict == 'NOT_REQUIRED'
assert new File(out, 'report.md').text.startsWith('# certified thread-safety report')
return true
