#include "report_sensitivity.hpp"

#include <algorithm>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "report_layout.hpp"
#include "report_text.hpp"

namespace sweep {

namespace fs = std::filesystem;
using study::number;

namespace {

void write_data(const fs::path& data, const outcome& o, const std::vector<judged_configuration>& judged) {
    study::results_file f(data / "sensitivity.csv");
    f << configuration_columns(o) << ",claim,strict,weak,settings\n";
    for (std::size_t c = 0; c < judged.size(); ++c)
        for (const std::size_t k : mapped_claims()) {
            const auto& s = judged[c].ledger.sensitivity[k];
            f << configuration_fields(o, c) << ',' << judged[c].ledger.findings[k].id << ',' << number(s.strict) << ','
              << number(s.weak) << ',' << s.settings << '\n';
        }
    f.commit();
}

}  // namespace

std::optional<std::string> write_sensitivity_figure(const fs::path& figures, const outcome& o,
                                                    const std::vector<judged_configuration>& judged) {
    fs::create_directories(figures / "data");
    write_data(figures / "data", o, judged);
    if (judged.size() > most_sensitivity_rows) return std::nullopt;
    const auto claims = mapped_claims();
    study::results_file cells(figures / "data" / "sensitivity_cells.csv");
    cells << "column,config,share\n";
    std::string tics;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const auto& id = judged.front().ledger.findings[claims[i]].id;
        for (const bool strict : {true, false}) {
            const std::size_t column = 2 * i + (strict ? 0 : 1);
            tics += (tics.empty() ? "" : ", ") + study::gnuplot_quoted(id + (strict ? " s" : " w")) + " " +
                    std::to_string(column);
            for (std::size_t c = 0; c < judged.size(); ++c) {
                const auto& s = judged[c].ledger.sensitivity[claims[i]];
                cells << column << ',' << c << ',' << number(strict ? s.strict : s.weak) << '\n';
            }
        }
    }
    cells.commit();
    const auto height = std::to_string(160 + 16 * judged.size());
    study::write_script(
        figures, "sensitivity", std::to_string(240 + 70 * claims.size()) + "," + height,
        "  set title \"Share of each claim's threshold settings under which it reproduces (s: strict, w: weak)\"\n"
        "  set xtics (" +
            tics +
            ") rotate by 45 right font ',9'\n"
            "  set ylabel 'configuration'; set yrange [" +
            number(static_cast<double>(judged.size()) - 0.5) +
            ":-0.5]; set xrange [-0.5:" + number(2.0 * static_cast<double>(claims.size()) - 0.5) +
            "]\n"
            "  set cbrange [0:1]; set palette defined (0 '#f7f7f7', 1 '#1a9850'); set cblabel 'share reproduced'\n"
            "  unset grid; unset key\n"
            "  plot 'data/sensitivity_cells.csv' using 1:2:3 with image\n"
            "  unset xtics; set xtics; unset yrange; unset xrange; unset cbrange; set grid\n");
    return "sensitivity";
}

}  // namespace sweep
