# Runs an example (PROGRAM, with the ;-list ARGS) as the README shows it, and fails unless it ends with
# status 0 and its standard output matches EXPECT.
execute_process(COMMAND ${PROGRAM} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REPLACE ";" " " command "${PROGRAM};${ARGS}")
if(NOT status STREQUAL "0" OR NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${command}: expected status 0 and output matching '${EXPECT}'; got status "
                      "${status}:\n${out}${err}")
endif()
string(REGEX MATCH "[^\n]*${EXPECT}[^\n]*" line "${out}")
message(STATUS "${command} -> 0: ${line}")
