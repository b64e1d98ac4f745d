// `mvn threadproof:help -Ddetail` documents the goal and each parameter, as Maven users expect.
def log = new File(basedir, 'build.log').text
assert log.contains('threadproof:report') : 'the report goal is not described'
['packages', 'failOn', 'testReportsDirectories', 'harnessDirectory', 'outputDirectory', 'classesDirectory'].each {
    assert log.contains(it) : "parameter $it is not documented"
}
assert log.contains('User property: threadproof.failOn')
return true
