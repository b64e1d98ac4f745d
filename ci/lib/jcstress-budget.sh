# Sourced by ci/stress.sh and ci/mutate.sh: the jcstress flags of each budget, so both run jcstress the same way.
#   jcstress_budget_args BUDGET   sets the array JCSTRESS_ARGS, or returns 2 for an unknown budget
# Budgets (calibrated on the 2-core machine, see stress-tests/README.md):
#   smoke  1 fork pair per test, 1 iteration of 200 ms, one compilation mode
#   quick  split compilation modes, 200 ms iterations
#   full   jcstress -m default, every JVM flag set it detects
jcstress_budget_args() {
  case "$1" in
    smoke) JCSTRESS_ARGS=(-m sanity -sc false -f 1 -iters 1 -time 200) ;;
    quick) JCSTRESS_ARGS=(-m sanity -f 1 -iters 1 -time 200) ;;
    full)  JCSTRESS_ARGS=(-m default) ;;
    *) return 2 ;;
  esac
}
