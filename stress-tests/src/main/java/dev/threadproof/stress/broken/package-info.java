/**
 * Negative controls: deliberately broken twins of what the runtime does right. Each test marks its racy outcome
 * {@code ACCEPTABLE_INTERESTING}, and {@code ci/stress.sh} fails the run unless every control's interesting outcome
 * was observed at least once within the budget: a green run then means the suite could have caught these bugs.
 */
package dev.threadproof.stress.broken;
