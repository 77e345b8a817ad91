// mockbn_main: the program for the library's main job, one configuration or
// a grid of them, and the reports of their results folders (docs/study.md,
// docs/sweep.md), on the variants of the installed catalog (variants.hpp).
//
//   mockbn study  [options]            one configuration: every variant, every seed (--help lists the options)
//   mockbn sweep  [options]            a grid of configurations, on threads, MPI ranks or shards
//   mockbn merge  OUT SHARD_DIR...     the folders of a sweep's shards joined into one
//   mockbn search --file SEARCH.json   successive halving over sweep jobs for the condition of a shape
//   mockbn report DIR                  a finished folder's report written again from its checkpoints
//   mockbn lr-range [options]          the learning-rate range test of each variant, with a figure
//
// Exit status: the subcommand's (0 done, 1 a file or gnuplot failed, 2 a
// bad command line or a refusal, 3 a run diverged, 130 or 143 after SIGINT
// or SIGTERM); 2 for no subcommand or an unknown one.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "program.hpp"
#include "subcommands.hpp"

// OpenBLAS's own threads would compete with the runs', which use one each; jobs.csv reports the count.
extern "C" void openblas_set_num_threads(int);

namespace {

constexpr const char* usage =
    "mockbn: the research program of the mockbn library: what batch normalization, its mocks and controls do\n"
    "to the pre-ReLU input, and the claims of the original study (S. Bai, \"Senior thesis III\", 2016) judged\n"
    "on the runs.\n"
    "\n"
    "  mockbn study  [options]          one configuration: every variant, every seed (mockbn study --help)\n"
    "  mockbn sweep  [options]          a grid of configurations, on threads, MPI ranks or shards\n"
    "  mockbn merge  OUT SHARD_DIR...   the folders of a sweep's shards joined into one\n"
    "  mockbn search --file SEARCH.json successive halving over sweep jobs for the condition of a shape\n"
    "  mockbn report DIR                a finished folder's report written again from its checkpoints\n"
    "  mockbn lr-range [options]        the learning-rate range test of each variant (--low, --high, --steps)\n";

}  // namespace

int mockbn_main(int argc, char** argv) {
    openblas_set_num_threads(1);
    const std::string_view subcommand = argc > 1 ? argv[1] : "";
    const std::vector<std::string> after(argv + (argc > 1 ? 2 : 1), argv + argc);
    if (subcommand == "study") return study_main(argv[0], argc - 1, argv + 1);
    if (subcommand == "sweep" || subcommand == "merge")
        return sweep_main(argv[0], argc, argv, after, subcommand == "merge");
    if (subcommand == "search") return search_main(argv[0], after);
    if (subcommand == "report") return report_main(argv[0], after);
    if (subcommand == "lr-range") return range_main(after);
    if (subcommand == "--help" || subcommand == "-h") {
        std::fputs(usage, stdout);
        return 0;
    }
    const std::string problem =
        subcommand.empty() ? std::string("give a subcommand")
                           : std::string("'").append(study::printable(subcommand)).append("' is not a subcommand");
    std::fprintf(stderr, "mockbn: %s\n%s", problem.c_str(), usage);
    return 2;
}
