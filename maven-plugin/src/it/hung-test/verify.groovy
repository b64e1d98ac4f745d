// A user's test that never returns: JUnit's limit (5 s here) fails it with a TimeoutException after printing every
// thread's stack into the Surefire report, the member it certifies is FAILED, and the build is red because of it.
def log = new File(basedir, 'build.log').text
assert log.contains('threadproof: FAILED: HandOff.take (THREAD_SAFE)') : 'the build log does not name the member'
assert log.contains('thread-safety report is RED') : 'the build did not fail on the report'
def xml = new File(basedir, 'target/surefire-reports/TEST-com.example.it.HandOffTest.xml').text
assert xml.contains('java.util.concurrent.TimeoutException') : 'the Surefire report does not name the timeout'
assert xml.contains('timed out after 5 seconds') : 'the Surefire report does not give the limit'
def out = new File(basedir, 'target/surefire-reports/com.example.it.HandOffTest-output.txt')
def dump = (out.exists() ? out.text : '') + xml
assert dump.contains('will be interrupted') : 'no thread dump in the Surefire report'
assert dump.contains('com.example.it.HandOff.take') : 'the thread dump does not show the hung call'
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/thread-safety-report/report.json'))
assert json.api.find { it.name == 'HandOff.take' }.verdict == 'FAILED'
return true
