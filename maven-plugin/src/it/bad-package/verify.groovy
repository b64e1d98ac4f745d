// A misspelt package would certify nothing: it is an error naming the prefix, and no report is written.
def log = new File(basedir, 'build.log').text
assert log.contains("package prefix 'com.example.typo' matches no class") : 'the bad prefix is not named'
assert !new File(basedir, 'target/thread-safety-report/report.json').exists() : 'a report was written from bad input'
return true
