# The MPI executor's tests (mpi_executor_test.cpp through
# check_mpi_executor.cmake) and `mockbn sweep` under mpirun, registered only when CMake found MPI, so the
# build has the MPI path (tools/mockbn/sweep/mpi.cmake). Included by
# tests/CMakeLists.txt, with the program's tests.
if(NOT MPI_CXX_FOUND)
  return()
endif()
add_executable(mpi_executor_test sweep/mpi_executor_test.cpp)
target_link_libraries(mpi_executor_test PRIVATE mockbn_sweep_mpi)

# name, ranks, arguments (schedule [mode job]), status, the output expected.
function(mpi_executor_case name ranks arguments status expect)
  add_test(NAME mpi_executor_${name}
           COMMAND ${CMAKE_COMMAND} -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DNUMPROC_FLAG=${MPIEXEC_NUMPROC_FLAG}
                   -DRANKS=${ranks} -DPROGRAM=$<TARGET_FILE:mpi_executor_test> "-DARGS=${arguments}"
                   -DSTATUS=${status} "-DEXPECT=${expect}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/check_mpi_executor.cmake)
  set_tests_properties(mpi_executor_${name} PROPERTIES TIMEOUT 120)
endfunction()

foreach(schedule queue stride)
  foreach(ranks 1 2 4)
    mpi_executor_case(${schedule}_n${ranks} ${ranks} ${schedule} 0 "delivered 51 jobs in order, each with its bytes")
  endforeach()
endforeach()
# Job 11 is at position 9 of the list (rank 1 of 2 under stride), job 10 at position 8 (rank 0).
mpi_executor_case(fails_on_rank1 2 "stride;fail;11" 1 "mpi_executor_test: job 11: fake failure of job 11 \\(on rank 1\\)")
mpi_executor_case(fails_on_rank0 2 "stride;fail;10" 1 "mpi_executor_test: job 10: fake failure of job 10 \\(on rank 0\\)")
mpi_executor_case(fails_queue_n4 4 "queue;fail;20" 1 "mpi_executor_test: job 20: fake failure of job 20 \\(on rank [0-3]\\)")
mpi_executor_case(delivery_fails 2 "queue;fail-delivery;30" 1
                  "mpi_executor_test: job 30: delivering its result: fake disk full")
mpi_executor_case(stops 2 "stride;stop;11" 0 "stopped, [0-9]+ jobs delivered")
mpi_executor_case(stops_queue_n4 4 "queue;stop;20" 0 "stopped, [0-9]+ jobs delivered")
# A rank killed by SIGKILL: mpirun ends the others and fails (Open MPI: "... exited on signal 9 (Killed)").
mpi_executor_case(rank_killed 2 "stride;kill;11" nonzero "[Ss][Ii][Gg][Nn][Aa][Ll]:? 9")

# `mockbn sweep` under mpirun, as a user runs it (check_sweep.cmake's mpi_ modes). The sanitizer build leaves
# them to the Release run: under mpirun they run the program's code that sweep_ways and sweep_resume run there
# through threads, around the MPI executor that mpi_executor_test runs there, and they were its two longest
# tests (71 s and 41 s of its 344 s).
if(MOCKBN_SANITIZE)
  return()
endif()
foreach(mode mpi_ways mpi_resume)
  add_test(NAME sweep_${mode}
           COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DMOCKBN=$<TARGET_FILE:mockbn_program> -DMPIEXEC=${MPIEXEC_EXECUTABLE}
                   -DNUMPROC_FLAG=${MPIEXEC_NUMPROC_FLAG} -DDATA=${PROJECT_SOURCE_DIR}/data/mnist
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/sweep_${mode}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/sweep/check_sweep.cmake)
  set_tests_properties(sweep_${mode} PROPERTIES TIMEOUT 300 COST 60)
endforeach()
