# Runs mpi_executor_test (PROGRAM) under MPIEXEC with RANKS ranks and the
# given ARGS (a ;-list: the schedule, then a mode and a job), and fails unless
# the run ends with status STATUS ("nonzero": any but 0) and its output, both
# streams, matches EXPECT. The run is allowed as root and on more ranks than
# cores, through the environment (Open MPI's switches as variables; other MPIs
# ignore them). A rank that hangs would be caught by the test's TIMEOUT; no
# check waits on a timer.
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
# Under AddressSanitizer (scripts/test --sanitize), no leak report: Open MPI
# leaves allocations behind at MPI_Finalize, many from components it has
# unloaded, which no suppression can name. Every other check stays on.
set(ENV{ASAN_OPTIONS} "$ENV{ASAN_OPTIONS}:detect_leaks=0")
execute_process(COMMAND ${MPIEXEC} ${NUMPROC_FLAG} ${RANKS} ${PROGRAM} ${ARGS}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(output "${out}${err}")
if(STATUS STREQUAL "nonzero")
  set(status_ok NOT "${status}" STREQUAL "0")
else()
  set(status_ok "${status}" STREQUAL "${STATUS}")
endif()
if(NOT (${status_ok}) OR NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "mpirun -n ${RANKS} mpi_executor_test ${ARGS}: expected status ${STATUS} and output matching "
                      "'${EXPECT}'; got status ${status}:\n${output}")
endif()
string(REGEX MATCH "[^\n]*${EXPECT}[^\n]*" line "${output}")
message(STATUS "mpirun -n ${RANKS} mpi_executor_test ${ARGS} -> ${status}: ${line}")
