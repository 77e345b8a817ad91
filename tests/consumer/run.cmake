# Builds and runs tests/consumer against mockbn, in one of two modes:
#   find_package     install mockbn into a temporary prefix, then find it there
#   add_subdirectory build mockbn from its source tree inside the consumer
# Arguments: MODE, MOCKBN_SOURCE, WORK, GENERATOR.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "consumer test (${MODE}): '${ARGV}' failed (${status})\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

set(consumer_args -S ${MOCKBN_SOURCE}/tests/consumer -B ${WORK}/consumer -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DMOCKBN_CONSUMER_MODE=${MODE})
if(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} -S ${MOCKBN_SOURCE} -B ${WORK}/mockbn -G ${GENERATOR}
      -DMOCKBN_BUILD_TESTS=OFF -DMOCKBN_BUILD_EXAMPLES=OFF -DMOCKBN_BUILD_BENCHMARKS=OFF
      -DCMAKE_INSTALL_PREFIX=${WORK}/prefix)
  run(${CMAKE_COMMAND} --install ${WORK}/mockbn)
  if(NOT EXISTS ${WORK}/prefix/include/mockbn/mockbn.hpp)
    message(FATAL_ERROR "consumer test: the install put no headers in ${WORK}/prefix/include")
  endif()
  run(${CMAKE_COMMAND} ${consumer_args} -DCMAKE_PREFIX_PATH=${WORK}/prefix)
elseif(MODE STREQUAL "add_subdirectory")
  run(${CMAKE_COMMAND} ${consumer_args} -DMOCKBN_SOURCE_DIR=${MOCKBN_SOURCE})
else()
  message(FATAL_ERROR "consumer test: unknown MODE '${MODE}'")
endif()
run(${CMAKE_COMMAND} --build ${WORK}/consumer)
run(${WORK}/consumer/consumer)
