# Compiles SOURCE, which must fail, and pins the diagnostic a user sees: it
# has exactly one "error:" line (no follow-on errors), and its first "In
# instantiation of" line and its "error:" line, each from that phrase on
# (paths and line numbers removed), equal the two lines of EXPECTED.
set(ENV{LC_ALL} C)
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only ${flags} ${SOURCE}
                RESULT_VARIABLE status ERROR_VARIABLE diagnostic OUTPUT_QUIET)
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(REGEX MATCH "In instantiation of [^\n]*" instantiation "${diagnostic}")
string(REGEX MATCH "error: [^\n]*" error "${diagnostic}")
string(REGEX MATCHALL "error: " errors "${diagnostic}")
list(LENGTH errors error_count)
file(STRINGS ${EXPECTED} expected)
list(GET expected 0 expected_instantiation)
list(GET expected 1 expected_error)
if(NOT instantiation STREQUAL expected_instantiation OR NOT error STREQUAL expected_error)
  message(FATAL_ERROR "The diagnostic changed.\nexpected:\n  ${expected_instantiation}\n  ${expected_error}\n"
                      "got:\n  ${instantiation}\n  ${error}\nfull diagnostic:\n${diagnostic}")
endif()
if(NOT error_count EQUAL 1)
  message(FATAL_ERROR "The diagnostic has ${error_count} errors, not one: the first is followed by others.\n"
                      "full diagnostic:\n${diagnostic}")
endif()
message(STATUS "pinned, the only error:\n  ${instantiation}\n  ${error}")
