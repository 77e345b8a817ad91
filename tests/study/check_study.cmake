# Runs mockbn-study (STUDY) as a user would.
#  MODE=determinism: the same small configuration twice, with 1 and with 2
#    threads; every CSV file must be identical byte for byte, except the wall
#    time column (`seconds`, the last of metrics.csv).
#  MODE=bad_options: each bad command line must end with status 2 and one
#    line on standard error.
if(MODE STREQUAL "determinism")
  set(args --quick --variants plain,bn,log_shift,sqrt_shift --seeds 2 --epochs 2 --data-dir ${DATA})
  foreach(run 1 2)
    file(REMOVE_RECURSE ${WORK}/run${run})
    execute_process(COMMAND ${STUDY} ${args} --threads ${run} --out ${WORK}/run${run}
                    RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "run ${run} failed (${status}):\n${errors}")
    endif()
  endforeach()
  foreach(file metrics.csv probe.csv params.csv)
    file(READ ${WORK}/run1/${file} first)
    file(READ ${WORK}/run2/${file} second)
    if(file STREQUAL "metrics.csv")
      string(REGEX REPLACE ",[^,\n]*\n" "\n" first "${first}")
      string(REGEX REPLACE ",[^,\n]*\n" "\n" second "${second}")
    endif()
    string(LENGTH "${first}" size)
    if(size LESS 100)
      message(FATAL_ERROR "${file} is nearly empty")
    endif()
    if(NOT first STREQUAL second)
      message(FATAL_ERROR "${file} differs between two runs with the same seeds and options")
    endif()
  endforeach()
  message(STATUS "metrics.csv (without seconds), probe.csv and params.csv identical across two runs")
elseif(MODE STREQUAL "bad_options")
  set(cases "--epochs 0" "--dataset cifar" "--variants plain,nonesuch" "--placement 3,9" "--probe-layer 7"
            "--optimizer lbfgs" "--lr -1" "--seeds x" "--width" "--no-such-option")
  foreach(case IN LISTS cases)
    separate_arguments(case_args UNIX_COMMAND "${case}")
    execute_process(COMMAND ${STUDY} --data-dir ${DATA} --out ${WORK}/bad ${case_args}
                    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(STRIP "${err}" err)
    string(FIND "${err}" "\n" newline)
    if(NOT status EQUAL 2 OR NOT newline EQUAL -1 OR err STREQUAL "")
      message(FATAL_ERROR "'${case}': status ${status}, stderr:\n${err}")
    endif()
    message(STATUS "'${case}' -> 2: ${err}")
  endforeach()
else()
  message(FATAL_ERROR "MODE must be determinism or bad_options")
endif()
