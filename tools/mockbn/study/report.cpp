#include "report.hpp"

#include <cmath>
#include <utility>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "interrupt.hpp"
#include "ledger_page.hpp"
#include "probes.hpp"
#include "report_models.hpp"
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

std::vector<variant_summary> summarize(const options& o, const std::vector<run_result>& runs) {
    return mockbn::research::summarize(o.variants, runs, verdict_layer(o), o.epochs);
}

written_report write_report(const options& o, const std::vector<run_result>& runs, const provenance& where) {
    const fs::path out = o.out;
    const fs::path figures = out / "figures";
    fs::create_directories(figures / "data");
    write_tidy(out, runs);
    write_model_tables(out, o, runs);
    write_figure_data(figures / "data", o, runs);
    write_shapes(figures / "data");
    const auto summary = summarize(o, runs);
    double top = -INFINITY;
    for (const auto& v : summary) top = std::fmax(top, o.validation > 0 ? v.validation_mean : v.accuracy_mean);
    auto scripts = write_scripts(figures, o, top);
    for (auto& name : write_probe_figures(figures, o, runs)) scripts.push_back(std::move(name));
    for (auto& name : write_model_figures(figures, o, runs)) scripts.push_back(std::move(name));
    auto ledger = judge_ledger(o, runs, shared_controls());
    const auto curve = detection_curve(o, shared_controls());
    if (!curve.empty()) scripts.push_back(write_detection_figure(figures, curve));
    write_json(out, o, runs, summary, ledger, where);
    const bool drawn = draw(figures, scripts, "mockbn study");
    if (stop_flag()) return {summary, std::move(ledger), false};  // the previous report.html and ledger.md stay
    const auto page = study_ledger_blocks(
        o, ledger, curve, fs::exists(figures / "fig10_detection.png") ? "figures/fig10_detection.png" : "");
    results_file markdown(out / "ledger.md");
    markdown << "# The reproduction ledger of one mockbn study\n\n" << to_markdown(page);
    markdown.commit();
    write_html(out, o, runs, summary, page, where, drawn);
    return {summary, std::move(ledger), drawn};
}

}  // namespace study
