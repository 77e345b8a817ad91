# What the scripts that run the programs as a user would (study/check_study.cmake,
# sweep/check_sweep.cmake) share: running one, and checking how it ended.

# The data the runs train on: 1,000 training and 500 test images of --quick's subset. What the
# tests check (files, folders, signals, identical numbers) does not depend on how well the networks learn.
set(quick_data --quick --train-limit 1000 --test-limit 500)

# Runs `program` with the given arguments; sets <prefix>_status and <prefix>_err.
function(run_program prefix program)
  execute_process(COMMAND ${program} ${ARGN} RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
  set(${prefix}_status "${status}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
endfunction()

# Fails unless the program ended with `status` and its standard error matches `pattern`; says how it ended.
function(expect prefix status pattern what)
  if(NOT "${${prefix}_status}" STREQUAL "${status}" OR NOT "${${prefix}_err}" MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: expected status ${status} and a message matching '${pattern}'; got status "
                        "${${prefix}_status}:\n${${prefix}_err}")
  endif()
  string(STRIP "${${prefix}_err}" err)
  string(REGEX REPLACE "\n.*" "" first_line "${err}")
  message(STATUS "${what} -> ${status}: ${first_line}")
endfunction()

# `file` of `dir` without its wall-time column (`seconds`): metrics.csv's last, jobs.csv's third from last.
function(read_without_seconds dir file out)
  file(READ ${dir}/${file} text)
  if(file STREQUAL "metrics.csv")
    string(REGEX REPLACE ",[^,\n]*\n" "\n" text "${text}")
  elseif(file STREQUAL "jobs.csv")
    string(REGEX REPLACE ",[^,\n]*(,[^,\n]*,[^,\n]*)\n" "\\1\n" text "${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Writes the report of the finished folder `dir` again from its checkpoints alone (`mockbn report`, MOCKBN),
# its tables, figures, summary.json and page removed first; fails unless the tables named after `dir` and
# summary.json (the verdicts, the evidence and the record of time included) come back byte for byte.
function(require_same_report dir)
  file(REMOVE_RECURSE ${dir}.before)
  file(MAKE_DIRECTORY ${dir}.before)
  foreach(file IN ITEMS summary.json LISTS ARGN)
    file(COPY ${dir}/${file} DESTINATION ${dir}.before)
  endforeach()
  file(REMOVE_RECURSE ${dir}/figures ${dir}/report.html ${dir}/summary.json)
  foreach(table IN LISTS ARGN)
    file(REMOVE ${dir}/${table})
  endforeach()
  run_program(again ${MOCKBN} report ${dir})
  expect(again 0 "" "mockbn report ${dir}")
  foreach(table IN LISTS ARGN)
    file(READ ${dir}.before/${table} written_by_run)
    file(READ ${dir}/${table} written_by_report)
    if(NOT written_by_run STREQUAL written_by_report)
      message(FATAL_ERROR "mockbn report wrote another ${table} than the run did")
    endif()
  endforeach()
  file(READ ${dir}.before/summary.json summary_by_run)
  file(READ ${dir}/summary.json summary_by_report)
  if(NOT summary_by_run STREQUAL summary_by_report)
    message(FATAL_ERROR "mockbn report wrote another summary.json than the run did:\n${summary_by_run}\n---\n"
                        "${summary_by_report}")
  endif()
  message(STATUS "mockbn report ${dir}: the same tables and summary.json, its record of time included")
endfunction()

# Fails unless the files named after `what` are identical byte for byte in two results folders, wall times aside.
function(require_same_files first_dir second_dir what)
  foreach(file IN LISTS ARGN)
    read_without_seconds(${first_dir} ${file} first)
    read_without_seconds(${second_dir} ${file} second)
    string(LENGTH "${first}" size)
    if(size LESS 100)
      message(FATAL_ERROR "${first_dir}/${file} is nearly empty")
    endif()
    if(NOT first STREQUAL second)
      message(FATAL_ERROR "${file} differs: ${what}")
    endif()
  endforeach()
endfunction()

# Runs `program` with the given arguments and `--out out`, killed by SIGKILL right after the first checkpoint of
# epoch 2 (the test hook MOCKBN_TEST_RAISE); fails unless it was killed with a checkpoint left to continue from.
function(run_killed out)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=KILL@2 ${ARGN} --out ${out}
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
  file(GLOB_RECURSE saved ${out}/checkpoints/*.ckpt)
  list(LENGTH saved saved_count)
  message(STATUS "killed after the first checkpoint of epoch 2: '${status}', ${saved_count} checkpoint(s) left")
  if(status EQUAL 0 OR saved_count EQUAL 0)
    message(FATAL_ERROR "the kill did not land on a run with a checkpoint to continue from")
  endif()
endfunction()
