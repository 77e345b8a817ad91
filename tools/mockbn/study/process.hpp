// Running another program (gnuplot) without a shell: the arguments reach it
// as they are, whatever characters a folder's name holds.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace study {

struct program_outcome {
    bool succeeded = false;
    std::string problem;  // when it did not: "exit status 1", "killed by signal 9", "cannot be started (...)"
};

// `word` quoted for a POSIX shell, for a command the user is told to run (never run here).
std::string shell_quoted(const std::string& word);

// Runs arguments[0] (looked up on PATH) with the rest as its arguments, in
// `folder`, standard input from /dev/null and standard error into
// `error_log`; waits for it to end, at most `most_seconds`, or until a stop
// is requested (interrupt.hpp): then it is killed, and the problem says so.
program_outcome run_program(const std::vector<std::string>& arguments, const std::filesystem::path& folder,
                            const std::filesystem::path& error_log, double most_seconds);

}  // namespace study
