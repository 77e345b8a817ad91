# Runs mockbn-sweep (SWEEP) as a user would, one MODE per ctest test, on a small grid of
# quick data (2 optimizers x 2 sharings x 2 variants x 2 seeds, 2 epochs: 16 jobs):
#  ways        --threads 1, --threads 2 and four --shard i/4 runs merged: identical jobs.csv,
#              metrics.csv, probe.csv and params.csv, but for the wall-time columns (`seconds`).
#  resume      killed (SIGKILL raised after the first checkpoint of epoch 2, the study's test hook
#              MOCKBN_TEST_RAISE) and run again with the same command; stopped by SIGINT (status 130,
#              the --resume command printed) and continued with it: the files of an uninterrupted sweep.
#  study       a job's rows equal mockbn-study's (STUDY) for the same options, variant and seed.
#  refusals    bad command lines and sweep files, folders holding something else, shards that do not
#              merge: status 2, one line naming the flag, the file and key, or the jobs; nothing written.
#  divergence  a job that diverges: status 3, every file written, jobs.csv and summary.json name it.
#  failure     a job whose checkpoint cannot be written (a file-size limit): status 1, the job and the
#              reason named, no result files.
# Tests interrupt on events (the hook), never after a delay.

set(grid --quick --epochs 2 --optimizer sgd,adam --shared off,on --variants plain,log_shift --seeds 2 --width 32
         --data-dir ${DATA})

include(${CMAKE_CURRENT_LIST_DIR}/../program_checks.cmake)

# Runs the sweep with the given arguments; sets <prefix>_status and <prefix>_err.
macro(sweep prefix)
  run_program(${prefix} ${SWEEP} ${ARGN})
endmacro()

# Fails unless two sweep folders hold the same result files, wall times aside.
function(require_same first_dir second_dir what)
  require_same_files(${first_dir} ${second_dir} "${what}" jobs.csv metrics.csv probe.csv params.csv)
endfunction()

# Fails unless `dir` does not exist: a refused sweep writes nothing.
function(require_nothing dir what)
  if(EXISTS ${dir})
    message(FATAL_ERROR "${what}: ${dir} was made")
  endif()
endfunction()

if(MODE STREQUAL "ways")
  file(REMOVE_RECURSE ${WORK})
  foreach(threads 1 2)
    sweep(threads${threads} ${grid} --threads ${threads} --out ${WORK}/threads${threads})
    expect(threads${threads} 0 "" "--threads ${threads}")
  endforeach()
  set(shards "")
  foreach(i 1 2 3 4)
    sweep(shard${i} ${grid} --shard ${i}/4 --out ${WORK}/shard${i})
    expect(shard${i} 0 "" "--shard ${i}/4")
    list(APPEND shards ${WORK}/shard${i})
  endforeach()
  sweep(merged merge ${WORK}/merged ${shards})
  expect(merged 0 "" "merge of the four shards")
  require_same(${WORK}/threads1 ${WORK}/threads2 "--threads 1 against --threads 2")
  require_same(${WORK}/threads1 ${WORK}/merged "--threads 1 against four shards merged")
  file(READ ${WORK}/threads1/sweep.json whole)
  file(READ ${WORK}/merged/sweep.json merged)
  string(REPLACE "  \"threads\": 1,\n" "" whole "${whole}")
  if(NOT whole STREQUAL merged)
    message(FATAL_ERROR "the merged folder's sweep.json is not the whole sweep's:\n${merged}")
  endif()
  message(STATUS "--threads 1, --threads 2 and four shards merged: identical result files")
elseif(MODE STREQUAL "resume")
  file(REMOVE_RECURSE ${WORK})
  sweep(whole ${grid} --out ${WORK}/whole)
  expect(whole 0 "" "the uninterrupted sweep")
  run_killed(${SWEEP} ${WORK}/killed ${grid})
  if(EXISTS ${WORK}/killed/jobs.csv)
    message(FATAL_ERROR "result files written by a sweep killed mid-way")
  endif()
  sweep(again ${grid} --out ${WORK}/killed)
  expect(again 0 "" "the same command after SIGKILL")
  require_same(${WORK}/whole ${WORK}/killed "killed and run again, against the uninterrupted sweep")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=INT@2 ${SWEEP} ${grid} --out ${WORK}/stopped
                  RESULT_VARIABLE stopped_status OUTPUT_QUIET ERROR_VARIABLE stopped_err)
  expect(stopped 130 "stopped by SIGINT; every run's last checkpoint is whole. Continue with:\n  '[^']*mockbn-sweep' --resume '${WORK}/stopped'"
         "SIGINT after the first checkpoint of epoch 2")
  if(EXISTS ${WORK}/stopped/jobs.csv)
    message(FATAL_ERROR "result files written for an unfinished sweep")
  endif()
  sweep(resumed --resume ${WORK}/stopped --threads 1)
  expect(resumed 0 "" "--resume after SIGINT, with another --threads")
  require_same(${WORK}/whole ${WORK}/stopped "stopped by SIGINT and resumed, against the uninterrupted sweep")
  message(STATUS "killed or stopped mid-sweep, run again: identical result files")
elseif(MODE STREQUAL "study")
  # The sweep's configuration 3 (adam, shared on) against the study with the same options: jobs 12 to 15.
  file(REMOVE_RECURSE ${WORK})
  sweep(swept ${grid} --out ${WORK}/sweep)
  expect(swept 0 "" "the sweep")
  execute_process(COMMAND ${STUDY} --quick --epochs 2 --optimizer adam --shared --variants plain,log_shift --seeds 2
                          --width 32 --data-dir ${DATA} --out ${WORK}/study
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the study failed (${status}):\n${err}")
  endif()
  foreach(file metrics.csv probe.csv params.csv)
    read_without_seconds(${WORK}/study ${file} study_rows)
    read_without_seconds(${WORK}/sweep ${file} sweep_rows)
    string(FIND "${study_rows}" "\n" header_end)  # the header goes (REGEX REPLACE would take every line)
    math(EXPR header_end "${header_end} + 1")
    string(SUBSTRING "${study_rows}" ${header_end} -1 study_rows)
    string(REPLACE "\n" ";" lines "${sweep_rows}")
    set(rows "")
    foreach(line IN LISTS lines)
      if(line MATCHES "^1[2-5],(.*)")
        string(APPEND rows "${CMAKE_MATCH_1}\n")
      endif()
    endforeach()
    if(NOT rows STREQUAL study_rows)
      message(FATAL_ERROR "${file}: jobs 12 to 15 of the sweep differ from the study with the same options")
    endif()
  endforeach()
  message(STATUS "jobs 12 to 15 (adam, shared) equal mockbn-study's runs with the same options, bit for bit")
elseif(MODE STREQUAL "refusals")
  include(${CMAKE_CURRENT_LIST_DIR}/refusals.cmake)
elseif(MODE STREQUAL "divergence")
  file(REMOVE_RECURSE ${WORK})
  sweep(diverged --quick --epochs 2 --lr 1e6,0.01 --variants plain --seeds 1 --width 32 --data-dir ${DATA}
        --out ${WORK}/diverged)
  expect(diverged 3 "a job diverged and was stopped" "a learning rate no job survives")
  file(READ ${WORK}/diverged/jobs.csv jobs)
  file(READ ${WORK}/diverged/summary.json summary)
  if(NOT jobs MATCHES "\n0,[^\n]*,plain,1,true," OR NOT jobs MATCHES "\n1,[^\n]*,plain,1,false,2,"
     OR NOT summary MATCHES "went non-finite")
    message(FATAL_ERROR "jobs.csv or summary.json do not name the divergence:\n${jobs}")
  endif()
  message(STATUS "a diverged job: status 3, the files written, jobs.csv and summary.json name it")
elseif(MODE STREQUAL "failure")
  file(REMOVE_RECURSE ${WORK})
  execute_process(COMMAND prlimit --fsize=16384 ${SWEEP} --quick --epochs 1 --variants plain --seeds 2 --width 16
                          --data-dir ${DATA} --out ${WORK}/limited
                  RESULT_VARIABLE limited_status OUTPUT_QUIET ERROR_VARIABLE limited_err)
  expect(limited 1 "mockbn-sweep: job 0: config [0-9a-f]+, plain, seed 1: .*plain-seed1.ckpt: writing failed \\(File too large\\)"
         "a job whose checkpoint cannot be written")
  if(EXISTS ${WORK}/limited/jobs.csv)
    message(FATAL_ERROR "result files written for a sweep whose job failed")
  endif()
endif()
