// Stopping the study cleanly: SIGINT and SIGTERM ask every run to stop at its
// next step boundary, so the last checkpoints stay whole and the same folder
// can be continued with --resume.
//
// Contract:
//  - After install_stop_handlers(), the first SIGINT, SIGTERM or SIGUSR1
//    sets stop_flag() and is remembered (stop_signal()); a second one ends
//    the process at once, as by default. (SIGUSR1 is what Open MPI's mpirun
//    passes on to every rank as it is, where SIGINT and SIGTERM to mpirun
//    become a kill a second later: it stops an MPI sweep cleanly.) SIGXFSZ is ignored, so a write past a
//    file-size limit fails with an error the study reports, not a kill; so
//    is SIGPIPE, so a closed terminal pipe does not end a long study.
//  - request_stop() sets the same flag without a signal: one run's failure
//    stops the others at their next step.
//  - A test hook, for the test suite only: with MOCKBN_TEST_RAISE=NAME@EPOCH
//    in the environment (NAME one of INT, TERM, KILL, STOP), the process
//    raises that signal on itself right after the first checkpoint of that
//    epoch is saved. With HOLD@EPOCH it says "held after the checkpoint of
//    epoch EPOCH" on standard error there instead, and waits: for a stop
//    signal (then the run stops as asked), or for its parent process to end
//    (then it ends by SIGKILL, as an MPI rank whose launcher is gone; from
//    its first checkpoint on, a process with this hook ends so whenever its
//    parent does). Tests interrupt on these events, never after a delay.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

namespace study {

void install_stop_handlers();
std::atomic<bool>& stop_flag();  // read by every run; set it to stop them (request_stop, an executor)
int stop_signal();               // 0 unless a signal asked for the stop
void request_stop();

// What a stopped program says: "<program>: stopped by SIGINT; every run's
// last checkpoint is whole. Continue with:" and `command` on the next line
// (SIGTERM, SIGUSR1 likewise); returns the exit status, 128 + the signal.
int stopped(const char* program, const std::string& command);

// Called after each checkpoint is saved; raises the signal MOCKBN_TEST_RAISE asks for.
void checkpoint_saved(std::size_t epoch);

}  // namespace study
