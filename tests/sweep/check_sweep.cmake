# Runs `mockbn sweep` (SWEEP) and `mockbn merge` (MERGE) as a user would, one MODE per ctest test, on a small grid of
# quick data cut to a quarter (2 optimizers x 2 sharings x 2 variants x 2 seeds, 2 epochs: 16 jobs):
#  ways        --threads 1, --threads 2 and four --shard i/4 runs merged: identical jobs.csv,
#              metrics.csv, probe.csv, features.csv, classes.csv and params.csv, but for the wall-time
#              columns (`seconds`); plain's jobs under sharing reuse those without, trained once.
#  probes      --probe-layer 4,all as an axis: jobs.csv names the layer the verdicts read and its share of
#              features with two peaks, probe.csv every layer; killed and run again, and two shards
#              merged: the files of an uninterrupted sweep. --probe-split test,train: each configuration's
#              probe passes its own images.
#  resume      killed (SIGKILL raised after the first checkpoint of epoch 2, the study's test hook
#              MOCKBN_TEST_RAISE) and run again with the same command; stopped by SIGINT (status 130,
#              the --resume command printed) and continued with it: the files of an uninterrupted sweep.
#  study       a job's rows equal `mockbn study`'s (STUDY) for the same options, variant and seed.
#  report      mockbn report on a finished sweep: the same tables and summary.json (verdicts and evidence
#              included), wall time aside.
#  grow        a finished sweep (plain, log_shift, bn) grown for claim 3a (--resume --grow 3a --grow-seeds 3):
#              plan.json records it, the grid's jobs keep their numbers and rows, seed 3's jobs follow them; the
#              same command again adds nothing; a shard's folder and a claim without paired differences refused.
#  refusals    bad command lines and sweep files, folders holding something else, shards that do not
#              merge: status 2, one line naming the flag, the file and key, or the jobs; nothing written.
#  divergence  a job that diverges: status 3, every file written, jobs.csv and summary.json name it.
#  failure     a job whose checkpoint cannot be written (a file-size limit): status 1, the job and the
#              reason named, no result files.
#  search      mockbn search (SEARCH), 4 points of a rate range and two depths, halved once (1 then 2 epochs):
#              search.json's rungs and the points kept, plan.json's points; --threads 1 and 2 give the same
#              search.json and result files; killed in rung 2 and run again, or stopped by SIGINT (status
#              130, the command that continues it) and continued: the same; another search into the folder
#              refused.
#  mpi_ways    (with MPI) mpirun -n 1 and mpirun -n 4: the result files of --threads 2; refusals
#              before and after the other ranks wait for jobs: said once, by rank 0, status 2.
#  mpi_resume  (with MPI) rank 0 killed by SIGKILL (the hook, on rank 0 alone: mpirun ends the other
#              rank), and mpirun killed by SIGKILL while the ranks are held after a checkpoint of epoch 2
#              (the hook's HOLD, signal_launcher.sh), each run again with the same command; SIGUSR1 to
#              mpirun while they are held in epoch 1 (status 138, the --resume command), resumed: the
#              result files of an uninterrupted sweep.
# Tests interrupt on events (the hook, a line of output), never after a delay.

include(${CMAKE_CURRENT_LIST_DIR}/../program_checks.cmake)

# The program (MOCKBN) and its subcommands.
set(STUDY ${MOCKBN} study)
set(SWEEP ${MOCKBN} sweep)
set(MERGE ${MOCKBN} merge)
set(SEARCH ${MOCKBN} search)

set(grid ${quick_data} --epochs 2 --optimizer sgd,adam --shared off,on --variants plain,log_shift --seeds 2 --width 20
         --data-dir ${DATA})

# Runs the sweep with the given arguments; sets <prefix>_status and <prefix>_err.
macro(sweep prefix)
  run_program(${prefix} ${SWEEP} ${ARGN})
endmacro()

# Fails unless two sweep folders hold the same result files, wall times aside.
function(require_same first_dir second_dir what)
  require_same_files(${first_dir} ${second_dir} "${what}" jobs.csv metrics.csv probe.csv features.csv classes.csv
                     params.csv)
endfunction()

# Fails unless `dir` does not exist: a refused sweep writes nothing.
function(require_nothing dir what)
  if(EXISTS ${dir})
    message(FATAL_ERROR "${what}: ${dir} was made")
  endif()
endfunction()

# Runs the sweep under mpirun (MPIEXEC) with `ranks` ranks and the grid; sets <prefix>_status and <prefix>_err.
macro(mpi_sweep prefix ranks)
  run_program(${prefix} ${MPIEXEC} ${NUMPROC_FLAG} ${ranks} ${SWEEP} ${grid} ${ARGN})
endmacro()

if(MODE MATCHES "^mpi_")
  # As root, and more ranks than cores, through the environment (Open MPI's switches as variables). Under
  # AddressSanitizer, no leak report: Open MPI's own, from components it unloads (mpi_tests.cmake says more).
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
  set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
  set(ENV{ASAN_OPTIONS} "$ENV{ASAN_OPTIONS}:detect_leaks=0")
  file(REMOVE_RECURSE ${WORK})
  sweep(whole ${grid} --threads 2 --out ${WORK}/whole)
  expect(whole 0 "" "--threads 2")
endif()

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
  run_program(merged ${MERGE} ${WORK}/merged ${shards})
  expect(merged 0 "" "merge of the four shards")
  require_same(${WORK}/threads1 ${WORK}/threads2 "--threads 1 against --threads 2")
  require_same(${WORK}/threads1 ${WORK}/merged "--threads 1 against four shards merged")
  # Each distinct job is trained once: plain learns no parameters, so its jobs under sharing (4, 5, 12, 13) reuse
  # those without (0, 1, 8, 9), in every way of running; 12 checkpoints for 16 jobs.
  foreach(folder threads1 threads2 merged)
    file(READ ${WORK}/${folder}/jobs.csv jobs)
    foreach(pair "4 0 1" "5 1 2" "12 8 1" "13 9 2")
      separate_arguments(pair)
      list(GET pair 0 job)
      list(GET pair 1 source)
      list(GET pair 2 seed)
      if(NOT jobs MATCHES "\n${job},[^\n]*,plain,${seed},${source},")
        message(FATAL_ERROR "${folder}: job ${job} does not reuse job ${source}:\n${jobs}")
      endif()
    endforeach()
    file(GLOB_RECURSE checkpoints ${WORK}/${folder}/checkpoints/*.ckpt)
    list(LENGTH checkpoints trained)
    if(NOT trained EQUAL 12)
      message(FATAL_ERROR "${folder}: ${trained} checkpoints for 12 distinct jobs")
    endif()
  endforeach()
  # The merged folder's record of time: each shard's invocation, then the merge's.
  file(STRINGS ${WORK}/merged/times.csv rows)
  if(NOT rows MATCHES "^program,seconds;sweep --shard 1/4,[0-9.]+;sweep --shard 2/4,[0-9.]+;sweep --shard 3/4,[0-9.]+;sweep --shard 4/4,[0-9.]+;merge,[0-9.]+$")
    message(FATAL_ERROR "the merged folder's times.csv is not the shards' and the merge's:\n${rows}")
  endif()
  file(READ ${WORK}/threads1/plan.json whole)
  file(READ ${WORK}/merged/plan.json merged)
  string(REPLACE "  \"threads\": 1,\n" "" whole "${whole}")
  if(NOT whole STREQUAL merged)
    message(FATAL_ERROR "the merged folder's plan.json is not the whole sweep's:\n${merged}")
  endif()
  message(STATUS "--threads 1, --threads 2 and four shards merged: identical result files")
elseif(MODE STREQUAL "resume")
  file(REMOVE_RECURSE ${WORK})
  sweep(whole ${grid} --out ${WORK}/whole)
  expect(whole 0 "" "the uninterrupted sweep")
  run_killed(${WORK}/killed ${SWEEP} ${grid})
  if(EXISTS ${WORK}/killed/jobs.csv)
    message(FATAL_ERROR "result files written by a sweep killed mid-way")
  endif()
  sweep(again ${grid} --out ${WORK}/killed)
  expect(again 0 "" "the same command after SIGKILL")
  require_same(${WORK}/whole ${WORK}/killed "killed and run again, against the uninterrupted sweep")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=INT@2 ${SWEEP} ${grid} --out ${WORK}/stopped
                  RESULT_VARIABLE stopped_status OUTPUT_QUIET ERROR_VARIABLE stopped_err)
  expect(stopped 130 "stopped by SIGINT; every run's last checkpoint is whole. Continue with:\n  '[^']*mockbn' sweep --resume '${WORK}/stopped'"
         "SIGINT after the first checkpoint of epoch 2")
  if(EXISTS ${WORK}/stopped/jobs.csv)
    message(FATAL_ERROR "result files written for an unfinished sweep")
  endif()
  sweep(resumed --resume ${WORK}/stopped --threads 1)
  expect(resumed 0 "" "--resume after SIGINT, with another --threads")
  require_same(${WORK}/whole ${WORK}/stopped "stopped by SIGINT and resumed, against the uninterrupted sweep")
  message(STATUS "killed or stopped mid-sweep, run again: identical result files")
elseif(MODE STREQUAL "search")
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  set(shared "\"quick\": true, \"train_limit\": 1000, \"test_limit\": 500, \"variants\": [\"plain\", \"bn\"], \"seeds\": 1, \"width\": 20, \"data_dir\": \"${DATA}\"")
  foreach(seed 5 6)
    file(WRITE ${WORK}/search${seed}.json "{\"sweep\": {${shared}}, \"space\": {\"learning_rate\": {\"from\": 0.01, \"to\": 0.3}, \"depth\": [4, 5]}, \"points\": 4, \"eta\": 2, \"rungs\": 2, \"epochs\": 1, \"seed\": ${seed}}")
  endforeach()
  foreach(threads 1 2)
    run_program(threads${threads} ${SEARCH} --file ${WORK}/search5.json --threads ${threads} --out ${WORK}/threads${threads})
    expect(threads${threads} 0 "" "mockbn search --threads ${threads}")
  endforeach()
  file(READ ${WORK}/threads1/search.json search)
  string(JSON rung1 GET "${search}" rungs 0)
  string(JSON rung2 GET "${search}" rungs 1)
  string(JSON points1 LENGTH "${rung1}" points)
  string(JSON points2 LENGTH "${rung2}" points)
  string(JSON kept1 LENGTH "${rung1}" kept)
  string(JSON epochs2 GET "${rung2}" epochs)
  string(JSON best GET "${search}" best configuration)
  string(JSON strict GET "${search}" best claim_1 strict)
  if(NOT points1 EQUAL 4 OR NOT kept1 EQUAL 2 OR NOT points2 EQUAL 2 OR NOT epochs2 EQUAL 2 OR strict STREQUAL "")
    message(FATAL_ERROR "search.json is not 4 points, 2 kept, 2 at 2 epochs, a best point judged:
${search}")
  endif()
  # The points kept are the two best scores of rung 1, best first, and rung 2 trains them at 2 epochs.
  foreach(k 0 1)
    string(JSON kept GET "${rung1}" kept ${k})
    string(JSON learning_rate GET "${rung1}" points ${kept} point learning_rate)
    string(JSON again GET "${rung2}" points ${k} point learning_rate)
    if(NOT learning_rate STREQUAL again)
      message(FATAL_ERROR "rung 2's point ${k} is not rung 1's kept point ${kept}:
${search}")
    endif()
  endforeach()
  file(READ ${WORK}/threads1/search.md page)
  string(JSON best_point GET "${search}" best point learning_rate)
  if(NOT page MATCHES "The best point: --depth [45] --epochs 2 --lr ${best_point} \\(configuration ${best}\\)")
    message(FATAL_ERROR "search.md does not name search.json's best point:\n${page}")
  endif()
  file(READ ${WORK}/threads1/plan.json plan)
  string(JSON planned LENGTH "${plan}" points)
  if(NOT planned EQUAL 6)
    message(FATAL_ERROR "plan.json holds ${planned} points, not the 6 evaluated:
${plan}")
  endif()
  file(READ ${WORK}/threads2/search.json other)
  string(REPLACE "\"threads\": 2" "\"threads\": 1" other "${other}")
  if(NOT search STREQUAL other)
    message(FATAL_ERROR "--threads 1 and --threads 2 made different searches")
  endif()
  require_same(${WORK}/threads1 ${WORK}/threads2 "mockbn search --threads 1 against --threads 2")
  run_killed(${WORK}/killed ${SEARCH} --file ${WORK}/search5.json --threads 1)
  run_program(again ${SEARCH} --file ${WORK}/search5.json --threads 1 --out ${WORK}/killed)
  expect(again 0 "" "the same search after SIGKILL")
  file(READ ${WORK}/killed/search.json continued)
  if(NOT search STREQUAL continued)
    message(FATAL_ERROR "the search killed and run again is not the uninterrupted one")
  endif()
  require_same(${WORK}/threads1 ${WORK}/killed "killed and run again, against the uninterrupted search")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=INT@2 ${SEARCH} --file ${WORK}/search5.json
                          --threads 1 --out ${WORK}/stopped RESULT_VARIABLE stopped_status OUTPUT_QUIET ERROR_VARIABLE stopped_err)
  expect(stopped 130 "stopped by SIGINT; every run's last checkpoint is whole. Continue with:\n  '[^']*mockbn' search --file '${WORK}/search5.json' --out '${WORK}/stopped' --threads '1'"
         "SIGINT in rung 2")
  run_program(continued ${SEARCH} --file ${WORK}/search5.json --out ${WORK}/stopped --threads 1)
  expect(continued 0 "" "the command it printed")
  file(READ ${WORK}/stopped/search.json continued)
  if(NOT search STREQUAL continued)
    message(FATAL_ERROR "the search stopped and continued is not the uninterrupted one")
  endif()
  run_program(other ${SEARCH} --file ${WORK}/search6.json --out ${WORK}/threads1)
  expect(other 2 "holds another search \\(its search.json\\); choose another --out, or give --force to replace it"
         "another search into a search's folder")
elseif(MODE STREQUAL "study")
  # The sweep's configuration 3 (adam, shared on) against the study with the same options: jobs 12 to 15.
  file(REMOVE_RECURSE ${WORK})
  sweep(swept ${grid} --out ${WORK}/sweep)
  expect(swept 0 "" "the sweep")
  execute_process(COMMAND ${STUDY} ${quick_data} --epochs 2 --optimizer adam --shared --variants plain,log_shift --seeds 2
                          --width 20 --data-dir ${DATA} --out ${WORK}/study
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the study failed (${status}):\n${err}")
  endif()
  foreach(file metrics.csv probe.csv features.csv classes.csv params.csv)
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
  message(STATUS "jobs 12 to 15 (adam, shared) equal mockbn study's runs with the same options, bit for bit")
elseif(MODE STREQUAL "probes")
  set(probes ${quick_data} --epochs 2 --probe-layer 4,all --variants bn --seeds 1 --width 16 --data-dir ${DATA})
  file(REMOVE_RECURSE ${WORK})
  sweep(whole ${probes} --out ${WORK}/whole)
  expect(whole 0 "" "--probe-layer 4,all")
  file(READ ${WORK}/whole/jobs.csv jobs)
  file(READ ${WORK}/whole/probe.csv probe)
  if(NOT jobs MATCHES ",test_accuracy,layer,bimodality,mode1,mode2,p0,p100,features_bimodal,seconds,"
     OR NOT jobs MATCHES "\n0,[0-9a-f]+,[^\n]*,4,test,inference,last,0,uniform,stop,bn,1,,false,2,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,4,[^\n]*,[0-9.]+,[0-9.]+,[^,]+,[^,]+\n"
     OR NOT jobs MATCHES "\n1,[0-9a-f]+,[^\n]*,all,test,inference,last,0,uniform,stop,bn,1,,false,2,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,4,"
     OR NOT probe MATCHES "\n1,bn,1,2,5,after,features_bimodal,,[0-9.]+\n" OR probe MATCHES "\n0,bn,1,2,5,")
    message(FATAL_ERROR "jobs.csv or probe.csv do not hold the probed layers:\n${jobs}")
  endif()
  # Probing every layer changes no number of the run: the two jobs' metrics and layer-4 statistics agree.
  string(REPEAT ",[^,\n]*" 12 final_fields)  # train_loss to features_bimodal
  foreach(job 0 1)
    string(REGEX MATCH "\n${job},[^\n]*,(stop,bn,1,,false,2${final_fields})" row "${jobs}")
    set(job${job}_row "${CMAKE_MATCH_1}")
  endforeach()
  if(job0_row STREQUAL "" OR NOT job0_row STREQUAL job1_row)
    message(FATAL_ERROR "--probe-layer all changed the run's numbers: '${job0_row}' against '${job1_row}'")
  endif()
  run_killed(${WORK}/killed ${SWEEP} ${probes})
  sweep(again ${probes} --out ${WORK}/killed)
  expect(again 0 "" "the same command after SIGKILL")
  require_same(${WORK}/whole ${WORK}/killed "killed and run again, against the uninterrupted sweep")
  foreach(i 1 2)
    sweep(shard${i} ${probes} --shard ${i}/2 --out ${WORK}/shard${i})
    expect(shard${i} 0 "" "--shard ${i}/2")
  endforeach()
  run_program(merged ${MERGE} ${WORK}/merged ${WORK}/shard1 ${WORK}/shard2)
  expect(merged 0 "" "merge of the two shards")
  require_same(${WORK}/whole ${WORK}/merged "two shards merged, against the whole sweep")
  message(STATUS "--probe-layer 4,all: jobs.csv and probe.csv hold the layers; killed, run again and merged: "
                 "identical result files")
  # --probe-split as an axis: each configuration's probe passes its own images (training images differ from test).
  sweep(splits ${quick_data} --epochs 1 --variants plain --seeds 1 --width 16 --probe-split test,train
        --data-dir ${DATA} --out ${WORK}/splits)
  expect(splits 0 "" "--probe-split test,train")
  file(READ ${WORK}/splits/probe.csv split_probe)
  foreach(job 0 1)
    string(REGEX MATCH "\n${job},plain,1,1,4,after,mean,,([^\n]*)" ignored "${split_probe}")
    set(mean${job} "${CMAKE_MATCH_1}")
  endforeach()
  if(mean0 STREQUAL "" OR mean0 STREQUAL mean1)
    message(FATAL_ERROR "--probe-split test,train: both configurations probed the same images (${mean0}, ${mean1})")
  endif()
elseif(MODE STREQUAL "report")
  file(REMOVE_RECURSE ${WORK})
  sweep(run ${grid} --out ${WORK}/run)
  expect(run 0 "" "the sweep")
  require_same_report(${WORK}/run jobs.csv metrics.csv probe.csv features.csv classes.csv params.csv)
elseif(MODE STREQUAL "grow")
  file(REMOVE_RECURSE ${WORK})
  set(small ${quick_data} --epochs 1 --optimizer sgd --variants plain,log_shift,bn --seeds 2 --width 20
            --data-dir ${DATA})
  sweep(run ${small} --out ${WORK}/run)
  expect(run 0 "" "the sweep")
  read_without_seconds(${WORK}/run jobs.csv before)
  sweep(grown --resume ${WORK}/run --grow 3a --grow-seeds 3)
  expect(grown 0 "" "--grow 3a --grow-seeds 3")
  file(READ ${WORK}/run/plan.json plan)
  if(NOT plan MATCHES "\"claim\": \"3a\"" OR NOT plan MATCHES "\"seeds\": [[][ \n]*3[ \n]*[]]")
    message(FATAL_ERROR "plan.json does not record the growth of 3a by seed 3:\n${plan}")
  endif()
  read_without_seconds(${WORK}/run jobs.csv after)
  string(FIND "${after}" "${before}" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "the grid's rows of jobs.csv changed with the growth:\n${before}\n---\n${after}")
  endif()
  foreach(job 6 7 8)
    if(NOT after MATCHES "\n${job},[^\n]*,(plain|log_shift|bn),3,")
      message(FATAL_ERROR "jobs.csv has no grown job ${job} of seed 3:\n${after}")
    endif()
  endforeach()
  sweep(again --resume ${WORK}/run --grow 3a --grow-seeds 3)
  expect(again 0 "" "the same --grow again")
  read_without_seconds(${WORK}/run jobs.csv again_rows)
  file(READ ${WORK}/run/plan.json again_plan)
  if(NOT again_rows STREQUAL after OR NOT again_plan STREQUAL plan)
    message(FATAL_ERROR "the same --grow again changed the folder")
  endif()
  sweep(bad_claim --resume ${WORK}/run --grow 1)
  expect(bad_claim 2 "claim '1' is not one judged on paired differences" "--grow 1")
  sweep(shard ${small} --shard 1/2 --out ${WORK}/shard)
  expect(shard 0 "" "a shard")
  sweep(shard_grown --resume ${WORK}/shard --grow 3a)
  expect(shard_grown 2 "holds the share 1/2 of a sweep; merge the shards" "--grow on a shard's folder")
  message(STATUS "grown for 3a: plan.json records it, the grid's jobs unchanged, seed 3 after them")
elseif(MODE STREQUAL "refusals")
  include(${CMAKE_CURRENT_LIST_DIR}/refusals.cmake)
elseif(MODE STREQUAL "divergence")
  file(REMOVE_RECURSE ${WORK})
  sweep(diverged ${quick_data} --epochs 2 --lr 1e6,0.01 --variants plain --seeds 1 --width 20 --data-dir ${DATA}
        --out ${WORK}/diverged)
  expect(diverged 3 "a job diverged and was stopped" "a learning rate no job survives")
  file(READ ${WORK}/diverged/jobs.csv jobs)
  file(READ ${WORK}/diverged/summary.json summary)
  if(NOT jobs MATCHES "\n0,[^\n]*,plain,1,,true," OR NOT jobs MATCHES "\n1,[^\n]*,plain,1,,false,2,"
     OR NOT summary MATCHES "went non-finite")
    message(FATAL_ERROR "jobs.csv or summary.json do not name the divergence:\n${jobs}")
  endif()
  message(STATUS "a diverged job: status 3, the files written, jobs.csv and summary.json name it")
elseif(MODE STREQUAL "failure")
  file(REMOVE_RECURSE ${WORK})
  execute_process(COMMAND prlimit --fsize=16384 ${SWEEP} ${quick_data} --epochs 1 --variants plain --seeds 2 --width 16
                          --data-dir ${DATA} --out ${WORK}/limited
                  RESULT_VARIABLE limited_status OUTPUT_QUIET ERROR_VARIABLE limited_err)
  expect(limited 1 "mockbn sweep: job 0: config [0-9a-f]+, plain, seed 1: .*plain-seed1.ckpt: writing failed \\(File too large\\)"
         "a job whose checkpoint cannot be written")
  if(EXISTS ${WORK}/limited/jobs.csv)
    message(FATAL_ERROR "result files written for a sweep whose job failed")
  endif()
elseif(MODE STREQUAL "mpi_ways")
  foreach(ranks 1 4)
    mpi_sweep(ranks${ranks} ${ranks} --out ${WORK}/ranks${ranks})
    expect(ranks${ranks} 0 "" "mpirun -n ${ranks}")
    require_same(${WORK}/whole ${WORK}/ranks${ranks} "mpirun -n ${ranks} against --threads 2")
  endforeach()
  message(STATUS "mpirun -n 1, mpirun -n 4 and --threads 2: identical result files")
  # A refusal: rank 0 alone says it, every rank ends with its status, the user's file stays.
  file(WRITE ${WORK}/foreign/notes.txt "mine")
  mpi_sweep(foreign 2 --out ${WORK}/foreign)
  expect(foreign 2 "holds files that are not a mockbn sweep's results" "mpirun -n 2 into a folder of other files")
  string(REGEX MATCHALL "mockbn sweep: " said "${foreign_err}")
  list(LENGTH said times)
  file(READ ${WORK}/foreign/notes.txt notes)
  file(GLOB left RELATIVE ${WORK}/foreign ${WORK}/foreign/*)
  if(NOT times EQUAL 1 OR NOT notes STREQUAL "mine" OR NOT left STREQUAL "notes.txt")
    message(FATAL_ERROR "the refusal was said ${times} times, or the folder changed (${left}):\n${foreign_err}")
  endif()
  # A refusal once the other ranks wait for jobs (a checkpoint of another job): every rank ends, status 2.
  file(GLOB seed1 ${WORK}/ranks1/checkpoints/*/plain-seed1.ckpt)
  list(GET seed1 0 seed1)
  string(REPLACE "seed1" "seed2" seed2 "${seed1}")
  file(COPY_FILE ${seed1} ${seed2})
  run_program(swapped ${MPIEXEC} ${NUMPROC_FLAG} 2 ${SWEEP} --resume ${WORK}/ranks1)
  expect(swapped 2 "plain-seed2.ckpt belongs to another run" "mpirun -n 2 --resume with a checkpoint of another job")
elseif(MODE STREQUAL "mpi_resume")
  # Two app contexts: rank 0 with the hook, rank 1 without.
  run_program(rank_killed ${MPIEXEC} ${NUMPROC_FLAG} 1 env MOCKBN_TEST_RAISE=KILL@2 ${SWEEP} ${grid}
              --out ${WORK}/rank_killed : ${NUMPROC_FLAG} 1 ${SWEEP} ${grid} --out ${WORK}/rank_killed)
  file(GLOB_RECURSE saved ${WORK}/rank_killed/checkpoints/*.ckpt)
  if(rank_killed_status EQUAL 0 OR NOT rank_killed_err MATCHES "rank 0 [^\n]*exited on signal 9"
     OR EXISTS ${WORK}/rank_killed/jobs.csv OR NOT saved)
    message(FATAL_ERROR "rank 0's SIGKILL did not end the sweep mid-way with checkpoints left "
                        "(${rank_killed_status}):\n${rank_killed_err}")
  endif()
  message(STATUS "rank 0 killed after the first checkpoint of epoch 2: mpirun ended with ${rank_killed_status}")
  mpi_sweep(again 2 --out ${WORK}/rank_killed)
  expect(again 0 "" "mpirun -n 2 again after SIGKILL to rank 0")
  require_same(${WORK}/whole ${WORK}/rank_killed "rank 0 killed, run again, against the uninterrupted sweep")
  # Every rank is held after its first checkpoint of epoch 2 (the hook) until mpirun is gone: the sweep cannot
  # finish before the kill lands, however fast the machine.
  execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/signal_launcher.sh KILL "held after the checkpoint of epoch 2"
                          ${WORK}/launcher_killed env MOCKBN_TEST_RAISE=HOLD@2
                          ${MPIEXEC} ${NUMPROC_FLAG} 2 ${SWEEP} ${grid} --out ${WORK}/launcher_killed
                  RESULT_VARIABLE killed_status OUTPUT_VARIABLE killed_out ERROR_VARIABLE killed_err)
  if(NOT killed_status EQUAL 0 OR EXISTS ${WORK}/launcher_killed/jobs.csv)
    message(FATAL_ERROR "the kill of mpirun did not land mid-sweep (${killed_status}):\n${killed_out}${killed_err}")
  endif()
  message(STATUS "${killed_out}")
  mpi_sweep(again_after_launcher 2 --out ${WORK}/launcher_killed)
  expect(again_after_launcher 0 "" "mpirun -n 2 again after SIGKILL to mpirun")
  require_same(${WORK}/whole ${WORK}/launcher_killed "mpirun killed, run again, against the uninterrupted sweep")
  message(STATUS "a rank or mpirun killed mid-sweep, run again: identical result files")
  # SIGUSR1 to mpirun, which passes it on to every rank: a clean stop, the command that continues, status 138.
  # The ranks are held after their first checkpoint of epoch 1 until the signal arrives; it is sent once both
  # are (the second line), when neither is still building the sweep's configurations (rank 0's coordinator
  # hands rank 1 a job while rank 0's own training is held).
  execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/signal_launcher.sh --at 2 USR1 "held after the checkpoint of epoch 1"
                          ${WORK}/stopped env MOCKBN_TEST_RAISE=HOLD@1
                          ${MPIEXEC} ${NUMPROC_FLAG} 2 ${SWEEP} ${grid} --out ${WORK}/stopped
                  RESULT_VARIABLE stopped_status OUTPUT_VARIABLE stopped_out ERROR_VARIABLE stopped_err)
  if(NOT stopped_status EQUAL 0 OR EXISTS ${WORK}/stopped/jobs.csv OR NOT stopped_out MATCHES
     "stopped by SIGUSR1; every run's last checkpoint is whole. Continue with:\n  mpirun -n 2 '[^']*mockbn' sweep --resume '${WORK}/stopped'\n.*launcher status 138")
    message(FATAL_ERROR "SIGUSR1 to mpirun did not stop the sweep as documented (${stopped_status}):\n"
                        "${stopped_out}${stopped_err}")
  endif()
  run_program(resumed ${MPIEXEC} ${NUMPROC_FLAG} 2 ${SWEEP} --resume ${WORK}/stopped)
  expect(resumed 0 "" "mpirun -n 2 --resume after SIGUSR1")
  require_same(${WORK}/whole ${WORK}/stopped "stopped by SIGUSR1 and resumed, against the uninterrupted sweep")
  message(STATUS "SIGUSR1 to mpirun: status 138, the --resume command; resumed: identical result files")
endif()
