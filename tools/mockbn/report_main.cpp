// mockbn report DIR: a finished results folder's tables, figures, summary.json
// and report.html written again from its checkpoints alone (no data, no
// training): the claims re-judged by this build's rules on the stored
// records. A study's folder and a sweep's alike; the folder is locked while
// it is written.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command_line.hpp"
#include "folder.hpp"
#include "interrupt.hpp"
#include "subcommands.hpp"

namespace {

struct report_command {
    std::string folder;
    bool allow_mixed_kernels = false;
};

report_command parse_report(const std::vector<std::string>& arguments) {
    report_command r;
    CLI::App app{
        "mockbn report: writes a finished results folder's report again (tables, figures, summary.json, "
        "report.html) from its checkpoints alone, judging the original study's claims with this build's rules."};
    app.name("mockbn report");
    app.add_option("folder", r.folder, "the results folder of a finished mockbn study or sweep")->required();
    app.add_flag("--allow-mixed-kernels", r.allow_mixed_kernels,
                 "a sweep's jobs computed under different BLAS kernels are reported together");
    study::parse_into(app, arguments);
    return r;
}

}  // namespace

int report_main(const char* program, const std::vector<std::string>& arguments) {
    study::install_stop_handlers();
    try {
        const report_command r = parse_report(arguments);
        switch (study::inspect(r.folder)) {
            case study::folder_content::study:
                return report_study(program, r.folder);
            case study::folder_content::sweep:
                return report_sweep(program, r.folder, r.allow_mixed_kernels);
            case study::folder_content::damaged_plan:
                study::read_plan(r.folder, study::folder_content::study);  // throws, naming what is wrong
                [[fallthrough]];
            case study::folder_content::earlier_layout:
                throw study::refusal(r.folder +
                                     " holds results in the earlier layout of mockbn's results folder (options.json "
                                     "or sweep.json, before plan.json); report them with the build that wrote them");
            default:
                throw study::refusal(r.folder + " holds no results of mockbn study or mockbn sweep (no plan.json)");
        }
    } catch (const study::usage_error& e) {
        std::fprintf(stderr, "mockbn report: %s (see --help)\n", e.what());
        return 2;
    } catch (const study::study_error& e) {
        std::fprintf(stderr, "mockbn report: %s\n", e.what());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn report: %s\n", e.what());
        return 1;
    }
}
