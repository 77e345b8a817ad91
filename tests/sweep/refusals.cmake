# check_sweep.cmake's `refusals` mode: what mockbn sweep and mockbn merge refuse, with status 2 and one line naming
# the flag, the file and key, the folder or the jobs; a refused sweep writes nothing.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/files)
set(tiny ${quick_data} --epochs 1 --variants plain --seeds 2 --width 16 --data-dir ${DATA})

# Fails unless the sweep with these arguments ends with status 2, one line matching `pattern`, and no ${WORK}/bad.
function(refused arguments pattern)
  sweep(refused ${arguments} --data-dir ${DATA} --out ${WORK}/bad)
  string(STRIP "${refused_err}" err)
  string(FIND "${err}" "\n" newline)
  if(NOT newline EQUAL -1)
    message(FATAL_ERROR "'${arguments}': more than one line:\n${err}")
  endif()
  expect(refused 2 "^mockbn sweep: ${pattern}" "'${arguments}'")
  require_nothing(${WORK}/bad "'${arguments}'")
endfunction()

# Bad command lines.
refused("--width;32," "--width: '32,' has an empty entry")
refused("--probe-images;500,1000" "--probe-images takes one value: it is not an axis of the sweep")
refused("--depth;5,3;--placement;4" "the configuration --depth 3: --placement: hidden layer 4 is not among")
refused("--optimizer;sgd,lbfgs" "the configuration --optimizer lbfgs: --optimizer: 'lbfgs' is not one of")
refused("--lr;0.01,0.010" "the values 0.01 and 0.010 of --lr make the same configurations: give each value once")
refused("--optimizer;adam;--momentum;0.9,0.5" "the values 0.9 and 0.5 of --momentum make the same configurations")
refused("--shard;5/4" "--shard: '5/4' is not i/n with 1 <= i <= n")
refused("--dataset;mnist,fashion" "--data-dir names one dataset's folder")
refused("--no-such-option" "The following argument was not expected: --no-such-option")
refused("--file;${WORK}/files/missing.json" "${WORK}/files/missing.json: no such file")

# Past the limits: a grid of 10^6 configurations is refused before any configuration is built (nothing on disk);
# --max-jobs and --max-hours lower them.
set(grid_widths "")
set(grid_rates "")
foreach(i RANGE 1 1000)
  list(APPEND grid_widths ${i})
  math(EXPR rate "1000 + ${i}")
  list(APPEND grid_rates 0.${rate})
endforeach()
string(REPLACE ";" "," grid_widths "${grid_widths}")
string(REPLACE ";" "," grid_rates "${grid_rates}")
refused("--width;${grid_widths};--lr;${grid_rates};--variants;plain;--seeds;2"
        "the grid has 1000000 configurations and 2000000 jobs, past the limit of 10000 jobs: narrow the grid")
set(small ${quick_data} --epochs 1 --variants plain --seeds 2)
refused("${small};--max-jobs;1" "the grid has 1 configuration and 2 jobs, past the limit of 1 job")
set(too_long "the sweep would take about [0-9.e-]+ h \\(2 jobs at an assumed 20 GFLOP/s per thread\\), past the limit of 1e-09 h")
refused("${small};--max-hours;1e-9" "${too_long}: narrow the grid, or raise the limit with --max-hours H")
refused("${small};--max-jobs;0x10" "--max-jobs.*'0x10' is not a whole number in decimal digits")

# Bad sweep files: the file and the key named.
set(files
  "colour|{\"colour\": 1}|colour: not an option"
  "list|{\"probe_images\": [500, 1000]}|probe_images: one value, not a list"
  "empty|{\"width\": []}|width: an empty list"
  "type|{\"width\": \"32\"}|width: must be a whole number, 0 or more, or a list of them"
  "twice|{\"width\": 32, \"width\": 64}|width: given twice"
  "broken|{\"width\": |not valid JSON")
foreach(case IN LISTS files)
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 text)
  list(GET parts 2 pattern)
  file(WRITE ${WORK}/files/${name}.json "${text}")
  string(REGEX REPLACE "([][()*+?.^$])" "\\\\\\1" pattern "${pattern}")
  refused("--file;${WORK}/files/${name}.json" "${WORK}/files/${name}.json: ${pattern}")
endforeach()
file(WRITE ${WORK}/files/grid.json "{\"depth\": [5, 3], \"placement\": [4]}")
refused("--file;${WORK}/files/grid.json" "the configuration --depth 3: --placement: hidden layer 4 is not among")
refused("--file;${WORK}/files/grid.json;--depth;5" "--depth is given both here and in ${WORK}/files/grid.json")

# Folders: other files, a study's, another sweep; --force; --resume.
file(WRITE ${WORK}/foreign/thesis.tex "months of work")
sweep(foreign ${tiny} --out ${WORK}/foreign)
expect(foreign 2 "holds files that are not a mockbn sweep's results" "a folder holding other files")
if(EXISTS ${WORK}/foreign/.mockbn.lock OR EXISTS ${WORK}/foreign/plan.json)
  message(FATAL_ERROR "the refused sweep wrote into the foreign folder")
endif()
sweep(a_file ${tiny} --out ${WORK}/foreign/thesis.tex)
expect(a_file 2 "thesis.tex is a file, not a folder" "--out naming a file")
sweep(nowhere --resume ${WORK}/nowhere)
expect(nowhere 2 "nowhere: no such folder" "--resume of a folder that does not exist")
file(WRITE ${WORK}/study/plan.json "{\"mockbn\": \"study\", \"layout\": 3}")
sweep(study ${tiny} --out ${WORK}/study)
expect(study 2 "holds a study's results \\(mockbn study\\), not a sweep's" "a study's folder")
# A sweep folder of the earlier layout (sweep.json) is refused as such, and left as it was.
file(WRITE ${WORK}/earlier/sweep.json "{}")
file(MAKE_DIRECTORY ${WORK}/earlier/checkpoints)
foreach(case "${SWEEP};${tiny};--out;${WORK}/earlier" "${SWEEP};--resume;${WORK}/earlier"
             "${MERGE};${WORK}/merged_earlier;${WORK}/earlier")
  run_program(earlier ${case})
  expect(earlier 2 "${WORK}/earlier holds results in the earlier layout of mockbn's results folder" "${case}")
  file(GLOB left RELATIVE ${WORK}/earlier ${WORK}/earlier/* ${WORK}/earlier/.*)
  if(NOT left STREQUAL "checkpoints;sweep.json")
    message(FATAL_ERROR "${case}: the earlier layout's folder now holds ${left}")
  endif()
endforeach()
sweep(first ${tiny} --out ${WORK}/run)
expect(first 0 "" "a sweep")
sweep(other ${tiny} --lr 0.1 --out ${WORK}/run)
expect(other 2 "--lr: the sweep in ${WORK}/run has nothing, this command gives 0.1; --resume ${WORK}/run continues"
       "another sweep in the folder")
sweep(resumed --resume ${WORK}/run --threads 1)
expect(resumed 0 "" "--resume with another --threads")
# plan.json edited by hand: a value written as a list of one is that value; a seed fewer is refused, naming the
# run it would leave behind.
file(READ ${WORK}/run/plan.json plan)
string(REPLACE "\"epochs\": 1" "\"epochs\": [1]" listed "${plan}")
file(WRITE ${WORK}/run/plan.json "${listed}")
sweep(listed --resume ${WORK}/run)
expect(listed 0 "" "--resume of a plan.json holding [1] for 1")
string(REGEX REPLACE "\"seeds\": \\[[^]]*\\]" "\"seeds\": [1]" fewer "${plan}")
file(WRITE ${WORK}/run/plan.json "${fewer}")
sweep(fewer --resume ${WORK}/run)
expect(fewer 2 "plain-seed2\\.ckpt is a run the plan does not hold" "--resume of a plan.json with a seed fewer")
file(WRITE ${WORK}/run/plan.json "${plan}")
sweep(forced ${tiny} --lr 0.1 --force --out ${WORK}/run)
expect(forced 0 "" "another sweep with --force")
file(READ ${WORK}/run/jobs.csv jobs)
if(NOT jobs MATCHES ",0.1,")
  message(FATAL_ERROR "--force did not replace the sweep:\n${jobs}")
endif()
execute_process(COMMAND flock ${WORK}/run/.mockbn.lock ${SWEEP} ${tiny} --lr 0.1 --out ${WORK}/run
                RESULT_VARIABLE locked_status OUTPUT_QUIET ERROR_VARIABLE locked_err)
expect(locked 2 "${WORK}/run is in use by process [0-9]+ \\(flock " "a folder locked by another process")

# Shards that do not merge.
set(rates ${tiny} --lr 0.01,0.1)
foreach(i 1 2)
  sweep(shard${i} ${rates} --shard ${i}/2 --out ${WORK}/shard${i})
  expect(shard${i} 0 "" "--shard ${i}/2")
endforeach()
run_program(one_shard ${MERGE} ${WORK}/merged ${WORK}/shard1)
expect(one_shard 2 "jobs 1, 3: in none of the shards given" "a shard missing")
run_program(twice ${MERGE} ${WORK}/merged ${WORK}/shard1 ${WORK}/shard2 ${WORK}/shard1)
expect(twice 2 "jobs 0, 2: in both ${WORK}/shard1 and ${WORK}/shard1" "a shard given twice")
run_program(another ${MERGE} ${WORK}/merged ${WORK}/shard1 ${WORK}/run)
expect(another 2 "${WORK}/run holds another sweep than ${WORK}/shard1: --lr is 0.1 there" "another sweep")
file(REMOVE_RECURSE ${WORK}/shard2)
# One thread: killed once job 1 has saved its first epoch, before job 3 starts.
execute_process(COMMAND ${CMAKE_COMMAND} -E env MOCKBN_TEST_RAISE=KILL@1 ${SWEEP} ${rates} --shard 2/2 --threads 1
                        --out ${WORK}/shard2 RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
run_program(unfinished ${MERGE} ${WORK}/merged ${WORK}/shard1 ${WORK}/shard2)
expect(unfinished 2 "job 3 has no checkpoint \\([^)]*\\): run its shard again" "a killed shard")
require_nothing(${WORK}/merged "a refused merge")
sweep(finished ${rates} --shard 2/2 --out ${WORK}/shard2)
expect(finished 0 "" "the killed shard run again")
run_program(merged ${MERGE} ${WORK}/merged ${WORK}/shard1 ${WORK}/shard2)
expect(merged 0 "" "the shards merged")
