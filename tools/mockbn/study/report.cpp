#include "report.hpp"

#include <cmath>
#include <utility>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "interrupt.hpp"
#include "report_parts.hpp"
#include "report_probes.hpp"
#include "tidy.hpp"

namespace study {

namespace fs = std::filesystem;

namespace {

// The tidy data files.
void write_tidy(const fs::path& out, const std::vector<run_result>& runs) {
    for (const auto& table : tidy_tables) {
        results_file f(out / table.file);
        f << table.columns << '\n';
        for (const auto& r : runs) table.write_rows(f, r, "");
        f.commit();
    }
}

}  // namespace

written_report write_report(const options& o, const std::vector<run_result>& runs, const provenance& where) {
    const fs::path out = o.out;
    const fs::path figures = out / "figures";
    fs::create_directories(figures / "data");
    write_tidy(out, runs);
    write_figure_data(figures / "data", o, runs);
    write_shapes(figures / "data");
    const auto summary = summarize(o, runs);
    double top = -INFINITY;
    for (const auto& v : summary) top = std::fmax(top, v.accuracy_mean);
    auto scripts = write_scripts(figures, o, top);
    for (auto& name : write_probe_figures(figures, o, runs)) scripts.push_back(std::move(name));
    const auto findings = judge(o, runs, summary);
    write_json(out, o, runs, summary, findings, where);
    const bool drawn = draw(figures, scripts, "mockbn study");
    if (stop_flag()) return {summary, findings, false};  // the previous report.html stays
    write_html(out, o, runs, summary, findings, where, drawn);
    return {summary, findings, drawn};
}

}  // namespace study
