/**
 * Hang controls: tests that never end, on purpose, so that the watchdog of {@code ci/stress.sh} and
 * {@code ci/certify.sh} is seen to stop a hung run with a thread dump and a red result. The default test selection of
 * both scripts leaves this package out; name it explicitly to run it:
 * {@code ci/stress.sh --tests '^dev\.threadproof\.stress\.hang\.' --limit 20}.
 */
package dev.threadproof.stress.hang;
