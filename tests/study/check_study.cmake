# Runs `mockbn study` (STUDY) as a user would, one MODE per ctest test:
#  determinism         the same configuration with 1 and with 2 threads: identical CSV files; the
#                      report marks the control it ran.
#  resume              killed (SIGKILL, raised after the first checkpoint of epoch 2 through the
#                      documented test hook MOCKBN_TEST_RAISE), then --resume: the CSV files of an
#                      uninterrupted run; every hidden layer probed (--probe-layer all, and within the
#                      first epoch: --probe-early), and its depth figure drawn.
#  signals             SIGINT and SIGTERM: exit 130/143, the --resume command printed, and the
#                      resumed run equal to an uninterrupted one.
#  divergence          a run that diverges: status 3, every file written, the report names it; a
#                      gnuplot that fails, or never exits: status 1, the report announced as without
#                      those figures.
#  bad_options         each bad command line: status 2 and one line on standard error; a folder of the
#                      earlier layout refused as such, by study, study --resume and report, and left as it was.
#  no_shell            a results folder named with quotes, spaces, ;, $(), a newline and non-ASCII.
#  full_disk           the report's files fail to write (a file-size limit; a full tmpfs where one can be
#                      mounted): status 1, the file and the reason named, the previous files whole.
#  foreign_checkpoint  another seed's or another learning rate's checkpoint: refused, naming the difference.
#  resume_options      a broken or edited plan.json behind --resume: refused, naming the option.
#  lock                a folder locked by another process: refused, naming it.
#  report              mockbn report on a finished folder: the same tables and summary.json (verdicts and
#                      evidence included), wall time aside; a folder with a run unfinished is refused, naming it.
#  folder              --resume=DIR, resuming from another directory, another --threads, a folder
#                      holding other files, a folder in place of a checkpoint, --data-dir on resume.
#  lr_range            mockbn lr-range: each variant's curve and range, the same twice; a folder holding
#                      files refused without --force; a bad option of its own refused naming it.
# Tests interrupt on events (the hook), never after a delay.

include(${CMAKE_CURRENT_LIST_DIR}/../program_checks.cmake)

# The program (MOCKBN) and its subcommand.
set(STUDY ${MOCKBN} study)

# Runs the study with the given arguments; sets <prefix>_status and <prefix>_err.
macro(study prefix)
  run_program(${prefix} ${STUDY} ${ARGN})
endmacro()

if(MODE STREQUAL "determinism")
  # layer_norm: the row statistics repeat too; the report marks it a control.
  set(args ${quick_data} --variants plain,bn,log_shift,sqrt_shift,layer_norm --seeds 2 --epochs 2 --width 20 --data-dir ${DATA})
  foreach(run 1 2)
    file(REMOVE_RECURSE ${WORK}/run${run})
    execute_process(COMMAND ${STUDY} ${args} --threads ${run} --out ${WORK}/run${run}
                    RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "run ${run} failed (${status}):\n${errors}")
    endif()
  endforeach()
  require_same_files(${WORK}/run1 ${WORK}/run2 "two runs with the same seeds and options"
                     metrics.csv probe.csv features.csv classes.csv params.csv)
  message(STATUS "metrics.csv (without seconds), probe.csv, features.csv, classes.csv and params.csv identical "
                 "across two runs")
  file(READ ${WORK}/run1/report.html report)
  if(NOT report MATCHES "<tr><td>layer_norm \\(control\\)</td>" OR report MATCHES "<tr><td>bn \\(control\\)")
    message(FATAL_ERROR "the report's summary does not mark the control, and only it")
  endif()
elseif(MODE STREQUAL "resume")
  set(args ${quick_data} --variants plain,bn,log_shift --seeds 2 --epochs 4 --probe-images 500 --probe-layer all
           --probe-early 5 --width 20 --data-dir ${DATA})
  file(REMOVE_RECURSE ${WORK}/whole ${WORK}/interrupted)
  study(whole ${args} --out ${WORK}/whole)
  expect(whole 0 "" "the uninterrupted run")
  run_killed(${WORK}/interrupted ${STUDY} ${args})
  study(resumed --resume ${WORK}/interrupted)
  expect(resumed 0 "" "--resume after SIGKILL")
  require_same_files(${WORK}/whole ${WORK}/interrupted "the resumed run against the uninterrupted one"
                     metrics.csv probe.csv features.csv classes.csv params.csv)
  file(READ ${WORK}/interrupted/plan.json stored)
  file(READ ${WORK}/interrupted/probe.csv probe)
  file(READ ${WORK}/interrupted/report.html report)
  if(NOT stored MATCHES "\"probe_layer\": \"all\"" OR NOT probe MATCHES "\nbn,2,4,5,after,features_bimodal,,"
     OR NOT probe MATCHES "\nbn,2,0,4,after,"
     OR NOT report MATCHES "every hidden layer \\(the verdicts, the summary and figures 4 and 5 read layer 4"
     OR NOT EXISTS ${WORK}/interrupted/figures/fig9_depth.png)
    message(FATAL_ERROR "--probe-layer all: plan.json, probe.csv's layer 5 or early probe, the report or its depth "
                        "figure")
  endif()
  message(STATUS "killed, resumed, every layer probed: metrics.csv (without seconds), probe.csv, features.csv, "
                 "classes.csv and params.csv identical")
elseif(MODE STREQUAL "signals")
  set(args ${quick_data} --variants plain,bn --seeds 2 --epochs 3 --width 20 --data-dir ${DATA})
  file(REMOVE_RECURSE ${WORK}/whole ${WORK}/SIGINT ${WORK}/SIGTERM)
  study(whole ${args} --out ${WORK}/whole)
  expect(whole 0 "" "the uninterrupted run")
  foreach(signal INT TERM)
    if(signal STREQUAL "INT")
      set(code 130)
    else()
      set(code 143)
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=${signal}@2 ${STUDY} ${args} --out ${WORK}/SIG${signal}
                    RESULT_VARIABLE stopped_status OUTPUT_QUIET ERROR_VARIABLE stopped_err)
    expect(stopped ${code} "stopped by SIG${signal}; every run's last checkpoint is whole. Continue with:\n  '[^']*mockbn' study --resume '${WORK}/SIG${signal}'"
           "SIG${signal} after the first checkpoint of epoch 2")
    file(GLOB saved ${WORK}/SIG${signal}/checkpoints/*/*.ckpt)
    if(NOT saved OR EXISTS ${WORK}/SIG${signal}/report.html)
      message(FATAL_ERROR "SIG${signal}: no checkpoint to continue from, or a report written for unfinished runs")
    endif()
    study(resumed --resume ${WORK}/SIG${signal})
    expect(resumed 0 "" "--resume after SIG${signal}")
    require_same_files(${WORK}/whole ${WORK}/SIG${signal} "the run resumed after SIG${signal}"
                       metrics.csv probe.csv features.csv classes.csv params.csv)
    # The record of time keeps both invocations, the stopped one and the one that finished, and their sum.
    file(READ ${WORK}/SIG${signal}/summary.json summary)
    string(JSON invocations LENGTH "${summary}" invocations)
    string(JSON first GET "${summary}" invocations 0 seconds)
    string(JSON second GET "${summary}" invocations 1 seconds)
    string(JSON total GET "${summary}" wall_seconds)
    file(STRINGS ${WORK}/SIG${signal}/times.csv rows)
    if(NOT invocations EQUAL 2 OR NOT rows MATCHES "^program,seconds;study,[0-9.]+;study,[0-9.]+$"
       OR first LESS_EQUAL 0 OR second LESS_EQUAL 0 OR total LESS first OR total LESS second)
      message(FATAL_ERROR "SIG${signal}: the record of time is not both invocations and their sum: ${rows}\n${summary}")
    endif()
  endforeach()
  message(STATUS "stopped by SIGINT and SIGTERM, resumed: identical CSV files")
elseif(MODE STREQUAL "divergence")
  # A learning rate no run survives: exit status 3, every file written, the report naming the divergence.
  file(REMOVE_RECURSE ${WORK}/diverged)
  execute_process(COMMAND ${STUDY} ${quick_data} --variants plain,bn --seeds 1 --epochs 2 --lr 1e6 --data-dir ${DATA}
                          --out ${WORK}/diverged
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT status EQUAL 3)
    message(FATAL_ERROR "expected exit status 3, got ${status}:\n${err}")
  endif()
  foreach(file metrics.csv probe.csv features.csv classes.csv params.csv summary.json report.html)
    if(NOT EXISTS ${WORK}/diverged/${file})
      message(FATAL_ERROR "${file} was not written")
    endif()
  endforeach()
  file(READ ${WORK}/diverged/summary.json summary)
  file(READ ${WORK}/diverged/report.html report)
  if(NOT summary MATCHES "went non-finite" OR NOT report MATCHES "<h2>Divergences</h2>")
    message(FATAL_ERROR "the report does not name the divergence")
  endif()
  message(STATUS "diverged runs: status 3, files written, the report names them")
  # A gnuplot that fails: status 1, its failure named, and the report announced as without those figures.
  file(REMOVE_RECURSE ${WORK}/failing ${WORK}/no_figures ${WORK}/stuck)
  file(WRITE ${WORK}/failing/gnuplot "#!/bin/sh\necho 'no display' >&2\nexit 1\n")
  file(CHMOD ${WORK}/failing/gnuplot PERMISSIONS OWNER_READ OWNER_EXECUTE)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PATH=${WORK}/failing:$ENV{PATH} ${STUDY} ${quick_data}
                          --variants plain --seeds 1 --epochs 1 --data-dir ${DATA} --out ${WORK}/no_figures
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 1 OR NOT err MATCHES "gnuplot failed on .*fig1_shapes\\.gp"
     OR NOT out MATCHES "report: [^\n]*report\\.html, without the figures gnuplot could not draw")
    message(FATAL_ERROR "a failing gnuplot: status ${status}, stdout:\n${out}\nstderr:\n${err}")
  endif()
  # A gnuplot that never exits: killed once its time is up (none here, so at once), and named; its child too.
  file(WRITE ${WORK}/failing/gnuplot "#!/bin/sh\nsleep 100000 &\nwait\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PATH=${WORK}/failing:$ENV{PATH} MOCKBN_FIGURE_SECONDS=0 ${STUDY}
                          ${quick_data} --variants plain --seeds 1 --epochs 1 --data-dir ${DATA} --out ${WORK}/stuck
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 1 OR NOT err MATCHES "gnuplot failed on .*fig1_shapes\\.gp: did not finish within 0 s, and was stopped"
     OR NOT out MATCHES "report: [^\n]*report\\.html, without the figures gnuplot could not draw")
    message(FATAL_ERROR "a gnuplot that never exits: status ${status}, stdout:\n${out}\nstderr:\n${err}")
  endif()
elseif(MODE STREQUAL "bad_options")
  set(cases "--epochs 0" "--dataset cifar" "--variants plain,nonesuch" "--placement 3,9" "--probe-layer 7"
            "--probe-layer 0" "--probe-layer alll"
            "--optimizer lbfgs" "--lr -1" "--seeds x" "--width" "--no-such-option"
            "--seeds 1,1" "--variants plain,plain" "--placement 3,3" "--seeds 5," "--seeds 18446744073709551615"
            "--resume ${WORK}/bad --lr 0.1" "--resume")
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
  # A previous run's folder is kept unless --force says otherwise.
  file(MAKE_DIRECTORY ${WORK}/previous)
  set(previous_plan "{\"mockbn\": \"study\", \"layout\": 4}")
  file(WRITE ${WORK}/previous/plan.json "${previous_plan}")
  execute_process(COMMAND ${STUDY} --data-dir ${DATA} --out ${WORK}/previous ${quick_data}
                  RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT status EQUAL 2 OR NOT err MATCHES "plan.json: dataset: missing; --force replaces that run")
    message(FATAL_ERROR "an existing results folder: status ${status}, stderr:\n${err}")
  endif()
  file(READ ${WORK}/previous/plan.json kept)
  if(NOT kept STREQUAL previous_plan)
    message(FATAL_ERROR "the previous run's plan.json was overwritten")
  endif()
  string(STRIP "${err}" err)
  message(STATUS "existing folder -> 2: ${err}")
  # A folder of the earlier layout (options.json, checkpoints/<variant>-seed<N>.ckpt) is refused as such and left
  # as it was, whether continued or reported.
  file(MAKE_DIRECTORY ${WORK}/earlier/checkpoints)
  file(WRITE ${WORK}/earlier/options.json "{}")
  file(WRITE ${WORK}/earlier/checkpoints/plain-seed1.ckpt "a run")
  foreach(case "study;--data-dir;${DATA};--out;${WORK}/earlier;${quick_data}" "study;--resume;${WORK}/earlier"
               "report;${WORK}/earlier")
    execute_process(COMMAND ${MOCKBN} ${case} RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
    file(GLOB left RELATIVE ${WORK}/earlier ${WORK}/earlier/* ${WORK}/earlier/.*)
    if(NOT status EQUAL 2 OR NOT err MATCHES "holds results in the earlier layout of mockbn's results folder"
       OR NOT left STREQUAL "checkpoints;options.json")
      message(FATAL_ERROR "'${case}' on an earlier layout: status ${status}, left ${left}, stderr:\n${err}")
    endif()
    string(STRIP "${err}" err)
    message(STATUS "earlier layout -> 2: ${err}")
  endforeach()
  # A results folder that cannot be made (its parent is a file), and data that is not there: status 1, named.
  file(WRITE ${WORK}/a-file "")
  foreach(case "--out;${WORK}/a-file/results;--data-dir;${DATA}" "--out;${WORK}/nowhere;--data-dir;${WORK}/no-data")
    execute_process(COMMAND ${STUDY} ${quick_data} ${case} RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
    string(STRIP "${err}" err)
    if(NOT status EQUAL 1 OR NOT err MATCHES "^mockbn study: .*(a-file|no-data)")
      message(FATAL_ERROR "'${case}': status ${status}, stderr:\n${err}")
    endif()
    message(STATUS "-> 1: ${err}")
  endforeach()
  # A study past the machine's memory is refused before anything is allocated, with both numbers.
  study(huge --data-dir ${DATA} --out ${WORK}/huge --width 100000 --depth 50 --variants plain --seeds 1)
  expect(huge 2 "this study needs about [0-9.]+ GiB of memory .* this machine has [0-9.]+ GiB available"
         "--width 100000 --depth 50")
  if(EXISTS ${WORK}/huge/plan.json)
    message(FATAL_ERROR "a refused study left plan.json behind")
  endif()
elseif(MODE STREQUAL "no_shell")
  # Every character a shell treats specially, and a newline and non-ASCII: the figures are drawn all the same.
  set(strange "${WORK}/it's \"a\" test; $(touch ${WORK}/pwned) `touch ${WORK}/pwned` & | > <\nnew line é ü 試")
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  # Called directly: a quoted argument keeps its ';' (a CMake list would split there).
  execute_process(COMMAND ${STUDY} ${quick_data} --variants plain,bn --seeds 1 --epochs 2 --data-dir ${DATA} --out "${strange}"
                  RESULT_VARIABLE strange_status ERROR_VARIABLE strange_err OUTPUT_QUIET)
  expect(strange 0 "" "a results folder named with shell characters")
  foreach(figure fig1_shapes fig2_accuracy fig4_histograms fig6_parameters fig7_features fig8_classes)
    if(NOT EXISTS "${strange}/figures/${figure}.png" OR NOT EXISTS "${strange}/figures/${figure}.svg")
      message(FATAL_ERROR "${figure} was not drawn in the folder with shell characters")
    endif()
  endforeach()
  if(EXISTS ${WORK}/pwned)
    message(FATAL_ERROR "a shell ran a command taken from the folder's name")
  endif()
  message(STATUS "no shell: every figure drawn, nothing run from the folder's name")
elseif(MODE STREQUAL "full_disk")
  set(args ${quick_data} --variants plain --seeds 1 --epochs 1 --data-dir ${DATA})
  # Fails unless `dir` holds the same report files as were saved in <dir>_saved_<file>, and no temporary.
  function(require_previous_files dir what)
    foreach(file report.html summary.json probe.csv params.csv figures/data/shapes.csv)
      file(READ ${dir}/${file} now)
      if(NOT now STREQUAL "${saved_${file}}")
        message(FATAL_ERROR "${what}: ${file} is not the previous file")
      endif()
    endforeach()
    file(GLOB_RECURSE temporaries LIST_DIRECTORIES true RELATIVE ${dir} ${dir}/*)
    list(FILTER temporaries INCLUDE REGEX "(^|/)\\.(drawing\\..*|.*\\.tmp\\.[0-9]+\\.[0-9]+)$")
    if(temporaries)
      message(FATAL_ERROR "${what}: temporaries left behind: ${temporaries}")
    endif()
  endfunction()
  macro(save_files dir)
    foreach(file report.html summary.json probe.csv params.csv figures/data/shapes.csv)
      file(READ ${dir}/${file} saved_${file})
    endforeach()
  endmacro()

  # 1. A file-size limit (any user can set one): writes past it fail as on a full disk.
  file(REMOVE_RECURSE ${WORK}/limited)
  study(first ${args} --out ${WORK}/limited)
  expect(first 0 "" "the first run")
  save_files(${WORK}/limited)
  execute_process(COMMAND prlimit --fsize=8192 ${STUDY} ${args} --out ${WORK}/limited
                  RESULT_VARIABLE limited_status OUTPUT_VARIABLE printed ERROR_VARIABLE limited_err)
  expect(limited 1 "mockbn study: ${WORK}/limited/probe.csv: writing failed \\(File too large\\)"
         "the report written past a file-size limit")
  if(printed MATCHES "report:")
    message(FATAL_ERROR "a failed report was announced as written")
  endif()
  require_previous_files(${WORK}/limited "past a file-size limit")

  # 2. A real full disk: a small tmpfs, filled but for a few pages (needs the right to mount).
  set(mount ${WORK}/tmpfs)
  file(MAKE_DIRECTORY ${mount})
  execute_process(COMMAND mount -t tmpfs -o size=8m mockbn-test ${mount} RESULT_VARIABLE mounted ERROR_VARIABLE why)
  if(NOT mounted EQUAL 0)
    string(STRIP "${why}" why)
    message(STATUS "full disk on a tmpfs: skipped, a tmpfs cannot be mounted here (${why}); the file-size limit above stands in")
    return()
  endif()
  study(first ${args} --out ${mount}/results)
  save_files(${mount}/results)
  execute_process(COMMAND stat -f -c "%a %S" ${mount} OUTPUT_VARIABLE free OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REPLACE " " ";" free "${free}")
  list(GET free 0 blocks)
  list(GET free 1 block_size)
  math(EXPR filler_blocks "${blocks} - 3")
  execute_process(COMMAND dd if=/dev/zero of=${mount}/filler bs=${block_size} count=${filler_blocks} ERROR_QUIET)
  study(full ${args} --out ${mount}/results)
  set(full_result "ok")
  if(NOT first_status EQUAL 0 OR NOT full_status EQUAL 1 OR NOT full_err MATCHES "writing failed \\(No space left on device\\)")
    set(full_result "first run ${first_status}, full-disk run ${full_status}:\n${full_err}")
  else()
    require_previous_files(${mount}/results "on a full disk")
  endif()
  execute_process(COMMAND umount ${mount})
  if(NOT full_result STREQUAL "ok")
    message(FATAL_ERROR "full disk: ${full_result}")
  endif()
  string(STRIP "${full_err}" full_err)
  message(STATUS "full tmpfs -> 1: ${full_err}; the previous files are whole")
elseif(MODE STREQUAL "foreign_checkpoint")
  set(args ${quick_data} --variants plain --epochs 1 --data-dir ${DATA})
  file(REMOVE_RECURSE ${WORK}/mine ${WORK}/other)
  study(mine ${args} --seeds 1,2 --out ${WORK}/mine)
  expect(mine 0 "" "the first run")
  file(GLOB checkpoints ${WORK}/mine/checkpoints/*)
  file(COPY_FILE ${checkpoints}/plain-seed1.ckpt ${WORK}/seed1.ckpt)
  file(COPY_FILE ${checkpoints}/plain-seed2.ckpt ${checkpoints}/plain-seed1.ckpt)
  study(copied ${args} --seeds 1,2 --out ${WORK}/mine)
  expect(copied 2 "plain-seed1.ckpt belongs to another run: the file has `seed=2` where `seed=1` was expected"
         "seed 2's checkpoint as seed 1's")
  study(other ${args} --seeds 1 --lr 0.01 --out ${WORK}/other)
  file(GLOB other ${WORK}/other/checkpoints/*/plain-seed1.ckpt)
  file(COPY_FILE ${other} ${checkpoints}/plain-seed1.ckpt)
  study(rate ${args} --seeds 1,2 --out ${WORK}/mine)
  expect(rate 2 "the file has `learning_rate=0.01` where `learning_rate=0.02` was expected"
         "a checkpoint trained with another learning rate")
  file(COPY_FILE ${WORK}/seed1.ckpt ${checkpoints}/plain-seed1.ckpt)
  study(own ${args} --seeds 1,2 --out ${WORK}/mine)
  expect(own 0 "" "its own checkpoint back")
elseif(MODE STREQUAL "resume_options")
  set(run ${WORK}/run)
  file(REMOVE_RECURSE ${run})
  study(first ${quick_data} --variants plain,bn --seeds 1 --epochs 1 --data-dir ${DATA} --out ${run})
  expect(first 0 "" "the run to resume")
  file(READ ${run}/plan.json original)
  # Each case: the text replaced in plan.json, its replacement, the message expected.
  set(cases
    "\"epochs\": 1|\"epochs\": 0|plan.json: epochs: 0 is outside 1 to 10000"
    "\"plain\",|\"foo\",|plan.json: variants: 'foo' is not one of"
    "\"optimizer\": \"sgd\"|\"optimizer\": \"lbfgs\"|plan.json: optimizer: 'lbfgs' is not one of sgd, rmsprop, adam"
    "\"probe_layer\": 4|\"probe_layer\": 99|plan.json: probe_layer: 99 is outside 1 to 5"
    "\"probe_layer\": 4|\"probe_layer\": \"alll\"|plan.json: probe_layer: must be a hidden layer's number (from 1) or \"all\""
    "\"threads\": 2|\"threads\": 0|plan.json: threads: 0 is outside 1 to 256"
    "\"width\": 100|\"width\": -100|plan.json: width: must be a whole number, 0 or more"
    "\"quick\": true|\"quick\": true, \"colour\": 1|plan.json: colour: not an option"
    "\"learning_rate\": 0.02|\"learning_rate\": 0.01|holds runs of a configuration the plan does not describe (was plan.json edited?)"
    "{|<|plan.json: not valid JSON ("
    "\"batch\": 64|\"batch\": 64, \"epochs\": 3|plan.json: epochs: given twice")
  foreach(case IN LISTS cases)
    string(REPLACE "|" ";" parts "${case}")
    list(GET parts 0 from)
    list(GET parts 1 to)
    list(GET parts 2 pattern)
    string(REPLACE "${from}" "${to}" edited "${original}")
    file(WRITE ${run}/plan.json "${edited}")
    study(edited --resume ${run})
    string(REGEX REPLACE "([][()*+?.^$])" "\\\\\\1" pattern "${pattern}")
    expect(edited 2 "${pattern}" "plan.json with ${to}")
  endforeach()
  file(WRITE ${run}/plan.json "${original}")
  study(restored --resume ${run})
  expect(restored 0 "" "plan.json restored")
  # variants: [] is refused too.
  string(REGEX REPLACE "\"variants\": \\[[^]]*\\]" "\"variants\": []" edited "${original}")
  file(WRITE ${run}/plan.json "${edited}")
  study(empty --resume ${run})
  expect(empty 2 "plan.json: variants: give at least one variant" "plan.json with variants: []")
  # A variant fewer: the run it leaves behind is named, never dropped from the tables unsaid.
  string(REGEX REPLACE "\"variants\": \\[[^]]*\\]" "\"variants\": [\"plain\"]" edited "${original}")
  file(WRITE ${run}/plan.json "${edited}")
  study(fewer --resume ${run})
  expect(fewer 2 "bn-seed1\\.ckpt is a run the plan does not hold \\(were its seeds, variants or share edited\\?\\)"
         "plan.json with a variant fewer")
elseif(MODE STREQUAL "lock")
  # Another process holds the folder's lock (flock(1) here, as a second mockbn study would).
  file(REMOVE_RECURSE ${WORK}/locked)
  file(MAKE_DIRECTORY ${WORK}/locked)
  execute_process(COMMAND flock ${WORK}/locked/.mockbn.lock ${STUDY} ${quick_data} --variants plain --seeds 1 --epochs 1
                          --data-dir ${DATA} --out ${WORK}/locked
                  RESULT_VARIABLE locked_status OUTPUT_QUIET ERROR_VARIABLE locked_err)
  expect(locked 2 "${WORK}/locked is in use by process [0-9]+ \\(flock " "a folder locked by another process")
  file(GLOB left RELATIVE ${WORK}/locked ${WORK}/locked/*)
  list(REMOVE_ITEM left .mockbn.lock)  # made by flock(1)
  if(left)
    message(FATAL_ERROR "the refused writer wrote ${left}")
  endif()
elseif(MODE STREQUAL "report")
  file(REMOVE_RECURSE ${WORK})
  # A variant for each claim, one epoch: the claims read the last.
  study(run ${quick_data} --variants plain,bn,log_fixed,log_shift,sqrt_shift --seeds 2 --epochs 1 --data-dir ${DATA}
        --out ${WORK}/run)
  expect(run 0 "" "a study of five variants")
  require_same_report(${WORK}/run metrics.csv probe.csv features.csv classes.csv params.csv)
  run_killed(${WORK}/unfinished ${STUDY} ${quick_data} --variants plain --seeds 1 --epochs 3 --data-dir ${DATA})
  run_program(unfinished ${MOCKBN} report ${WORK}/unfinished)
  expect(unfinished 2 "^mockbn report: plain, seed 1 is unfinished \\(2 of 3 epochs in [^)]*\\): '[^']*mockbn' study --resume '${WORK}/unfinished' finishes it"
         "a folder with a run unfinished")
  run_program(empty ${MOCKBN} report ${WORK}/nothing)
  expect(empty 2 "^mockbn report: ${WORK}/nothing holds no results of mockbn study or mockbn sweep" "a folder of nothing")
elseif(MODE STREQUAL "lr_range")
  file(REMOVE_RECURSE ${WORK})
  set(args --train-limit 1000 --test-limit 500 --variants plain,bn --data-dir ${DATA})
  foreach(run first second)
    execute_process(COMMAND ${MOCKBN} lr-range ${args} --steps 40 --out ${WORK}/${run} RESULT_VARIABLE ${run}_status
                    OUTPUT_VARIABLE ${run}_out ERROR_VARIABLE ${run}_err)
    expect(${run} 0 "" "mockbn lr-range (${run})")
  endforeach()
  if(NOT first_out MATCHES "\nplain +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+\nbn +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+\n")
    message(FATAL_ERROR "mockbn lr-range printed no range per variant:\n${first_out}")
  endif()
  file(READ ${WORK}/first/data/lr_range.csv first_csv)
  file(READ ${WORK}/second/data/lr_range.csv second_csv)
  string(REGEX MATCHALL "\nbn,[0-9]+," bn_steps "${first_csv}")
  list(LENGTH bn_steps bn_count)
  if(NOT first_csv MATCHES "^variant,step,rate,loss,smoothed\nplain,1,1e-06," OR bn_count LESS 10
     OR NOT first_csv STREQUAL second_csv)
    message(FATAL_ERROR "lr_range.csv is not each step of each variant, the same twice:\n${first_csv}")
  endif()
  if(NOT EXISTS ${WORK}/first/lr_range.png OR NOT EXISTS ${WORK}/first/lr_range.svg)
    message(FATAL_ERROR "mockbn lr-range drew no figure")
  endif()
  run_program(occupied ${MOCKBN} lr-range ${args} --out ${WORK}/first)
  expect(occupied 2 "^mockbn lr-range: ${WORK}/first holds files: give another --out, or --force" "a folder holding files")
  run_program(forced ${MOCKBN} lr-range ${args} --steps 40 --out ${WORK}/first --force)
  expect(forced 0 "" "the same folder with --force")
  run_program(bad ${MOCKBN} lr-range ${args} --out ${WORK}/bad --steps 1)
  expect(bad 2 "^mockbn lr-range: mockbn::lr_range_test: the test needs at least 2 steps" "--steps 1")
elseif(MODE STREQUAL "folder")
  set(args ${quick_data} --variants plain --seeds 1 --epochs 2 --data-dir ${DATA})
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK}/elsewhere ${WORK}/foreign)
  # A relative --data-dir is stored absolute: the run continues from any directory.
  file(RELATIVE_PATH data_here ${WORK} ${DATA})
  execute_process(COMMAND ${STUDY} ${quick_data} --variants plain --seeds 1 --epochs 2 --data-dir ${data_here} --out run
                          --threads 1
                  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE first_status ERROR_VARIABLE first_err OUTPUT_QUIET)
  expect(first 0 "" "a run with a relative --data-dir")
  file(READ ${WORK}/run/plan.json stored)
  if(NOT stored MATCHES "\"data_dir\": \"${DATA}\"")
    message(FATAL_ERROR "plan.json does not hold the data folder's absolute path:\n${stored}")
  endif()
  execute_process(COMMAND ${STUDY} --resume=${WORK}/run WORKING_DIRECTORY ${WORK}/elsewhere
                  RESULT_VARIABLE again_status ERROR_VARIABLE again_err OUTPUT_QUIET)
  expect(again 0 "" "--resume=DIR from another directory")
  # The same command with another --threads continues the run.
  study(threads ${args} --out ${WORK}/run --threads 2)
  expect(threads 0 "" "the same options with another --threads")
  # --data-dir on resume: the same data is accepted, other data refused.
  study(same_data --resume ${WORK}/run --data-dir ${DATA})
  expect(same_data 0 "" "--resume with --data-dir of the same data")
  get_filename_component(data_root ${DATA} DIRECTORY)
  if(EXISTS ${data_root}/fashion)
    study(other_data --resume ${WORK}/run --data-dir ${data_root}/fashion)
    expect(other_data 2 "the file has `data=60000\\+10000 images of 28x28, crc32 [0-9a-f]+` where `data="
           "--resume with --data-dir of other data")
  endif()
  # A folder of the user's that holds checkpoints/ and figures/ is the user's: refused as it is, and with --force
  # written beside; --force on the study's folder then removes only what the study wrote.
  file(WRITE ${WORK}/users/checkpoints/model.pt "weights")
  file(WRITE ${WORK}/users/figures/p.png "a plot")
  set(one_epoch ${quick_data} --variants plain --seeds 1 --epochs 1 --data-dir ${DATA})
  study(users ${one_epoch} --out ${WORK}/users)
  expect(users 2 "holds files that are not a mockbn study's results" "a folder with checkpoints/ of the user's")
  if(EXISTS ${WORK}/users/.mockbn.lock)
    message(FATAL_ERROR "the refused study took the lock of a folder of the user's")
  endif()
  foreach(lr 0.02 0.01)
    study(users_forced ${one_epoch} --lr ${lr} --out ${WORK}/users --force)
    expect(users_forced 0 "" "--force --lr ${lr} on a folder with files of the user's")
    file(READ ${WORK}/users/checkpoints/model.pt weights)
    file(READ ${WORK}/users/figures/p.png plot)
    if(NOT weights STREQUAL "weights" OR NOT plot STREQUAL "a plot")
      message(FATAL_ERROR "--force removed a file of the user's")
    endif()
  endforeach()
  file(GLOB runs ${WORK}/users/checkpoints/*/plain-seed1.ckpt)
  list(LENGTH runs count)
  if(NOT count EQUAL 1)
    message(FATAL_ERROR "--force left the replaced run's checkpoints: ${runs}")
  endif()
  # A folder holding files that are not a study's is left alone without --force.
  file(WRITE ${WORK}/foreign/thesis.tex "months of work")
  study(foreign ${args} --out ${WORK}/foreign)
  expect(foreign 2 "holds files that are not a mockbn study's results" "a folder holding other files")
  file(READ ${WORK}/foreign/thesis.tex kept)
  if(NOT kept STREQUAL "months of work" OR EXISTS ${WORK}/foreign/metrics.csv)
    message(FATAL_ERROR "the foreign folder was written to")
  endif()
  # What goes with --resume is checked as well, before anything is written.
  file(READ ${WORK}/run/metrics.csv metrics_before)
  file(READ ${WORK}/run/plan.json stored)
  study(zero_threads --resume ${WORK}/run --threads 0)
  expect(zero_threads 2 "--threads: 0 is outside 1 to 256" "--resume with --threads 0")
  study(no_data --resume ${WORK}/run --data-dir "")
  expect(no_data 2 "--data-dir: " "--resume with an empty --data-dir")
  file(READ ${WORK}/run/metrics.csv metrics_after)
  file(READ ${WORK}/run/plan.json stored_after)
  if(NOT metrics_after STREQUAL metrics_before OR NOT stored_after STREQUAL stored)
    message(FATAL_ERROR "a refused --resume changed the folder")
  endif()
  # Only the study's own scripts are drawn: a script of the user's in figures/ is never run.
  file(WRITE ${WORK}/run/figures/mine.gp "system \"touch ${WORK}/ran-mine\"\n")
  study(own_scripts ${args} --out ${WORK}/run)
  expect(own_scripts 0 "" "a folder with a gnuplot script of the user's")
  if(EXISTS ${WORK}/ran-mine)
    message(FATAL_ERROR "the study ran a gnuplot script it did not write")
  endif()
  # A refused folder is left exactly as it was: nothing deleted, no lock file added.
  file(MAKE_DIRECTORY ${WORK}/foreign/.drawing.project)
  file(WRITE ${WORK}/foreign/.notes.txt.tmp.2024.1 "a draft")
  study(foreign_again ${args} --out ${WORK}/foreign)
  expect(foreign_again 2 "holds files that are not a mockbn study's results" "a folder holding other files, again")
  if(NOT EXISTS ${WORK}/foreign/.drawing.project OR NOT EXISTS ${WORK}/foreign/.notes.txt.tmp.2024.1
     OR EXISTS ${WORK}/foreign/.mockbn.lock)
    message(FATAL_ERROR "a refused study changed the folder it was refused")
  endif()
  # A lock file that is a symbolic link is not followed.
  file(WRITE ${WORK}/victim.txt "untouched")
  file(MAKE_DIRECTORY ${WORK}/linked)
  file(CREATE_LINK ${WORK}/victim.txt ${WORK}/linked/.mockbn.lock SYMBOLIC)
  study(linked ${args} --out ${WORK}/linked --force)
  expect(linked 2 "\\.mockbn\\.lock is a symbolic link, not a lock file" "a lock file that is a symbolic link")
  file(READ ${WORK}/victim.txt victim)
  if(NOT victim STREQUAL "untouched")
    message(FATAL_ERROR "the lock file's symbolic link was followed")
  endif()
  # A folder in place of a checkpoint is named as such.
  file(GLOB checkpoint ${WORK}/run/checkpoints/*/plain-seed1.ckpt)
  file(REMOVE ${checkpoint})
  file(MAKE_DIRECTORY ${checkpoint})
  study(folder_checkpoint --resume ${WORK}/run)
  expect(folder_checkpoint 1 "plain-seed1.ckpt: is a folder, not a checkpoint file" "a folder in place of a checkpoint")
else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()

