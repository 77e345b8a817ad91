// The subcommands of the mockbn program, each given the path the program was
// started as (for the command that continues an interrupted run) and its
// own arguments, and returning the exit status (docs/study.md lists them).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

// mockbn study: argc and argv as CLI11 takes them, argv[0] the subcommand.
int study_main(const char* program, int argc, char** argv);

// mockbn sweep, or mockbn merge, on the arguments after the subcommand; argc
// and argv are the program's, for MPI.
int sweep_main(const char* program, int argc, char** argv, const std::vector<std::string>& arguments, bool merge);

// mockbn search: successive halving over sweep jobs, on the arguments after the subcommand.
int search_main(const char* program, const std::vector<std::string>& arguments);

// mockbn lr-range: the learning-rate range test of a configuration's variants, on the arguments after the
// subcommand.
int range_main(const std::vector<std::string>& arguments);

// mockbn report: the report of a finished folder written again from its
// checkpoints alone, without the data or training.
int report_main(const char* program, const std::vector<std::string>& arguments);
int report_study(const char* program, const std::filesystem::path& folder);
int report_sweep(const char* program, const std::filesystem::path& folder, bool allow_mixed_kernels);
