#include "report_figure.hpp"

#include <algorithm>
#include <sstream>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "report_text.hpp"

namespace sweep {

namespace fs = std::filesystem;
using study::number;

namespace {

// The figure's units: a cell is 1 wide and 1 tall, drawn pixels_x by pixels_y.
constexpr double pixels_x = 100, pixels_y = 28;
constexpr double margin = 0.3, gap_x = 0.4, gap_y = 0.7, line = 0.9;
constexpr double char_width = 6.5 / pixels_x;  // a character of the 10-point font, in units
constexpr double bold_width = 7.6 / pixels_x;  // and of its bold face
constexpr double least_width = 9;              // room for the headings and the legend, whatever the grid

// Where the parts of one finding's map go, in units.
struct geometry {
    const map_layout& layout;
    double labels = 0;  // the row labels' width, left of a panel's cells
    double title = 0;   // a panel's title line, when facets split the map
    double header = 0;  // the column labels' line, when a column axis exists
    double titles = 0;  // the longest panel title's width: a panel is never narrower

    explicit geometry(const map_layout& l) : layout(l) {
        std::size_t longest = 0;
        for (const auto& v : l.row_values) longest = std::max(longest, v.size());
        labels = l.row_axis.empty() ? 0 : char_width * static_cast<double>(longest) + 0.15;
        title = l.facet_axes.empty() ? 0 : line;
        header = l.column_axis.empty() ? 0 : line;
        for (const auto& t : l.panel_titles) titles = std::max(titles, char_width * static_cast<double>(t.size()));
    }
    double panel_width() const { return std::max(labels + static_cast<double>(layout.column_values.size()), titles); }
    double panel_height() const { return title + header + static_cast<double>(layout.row_values.size()); }
    double width() const {
        const auto n = static_cast<double>(layout.panel_columns);
        return n * panel_width() + (n - 1) * gap_x;
    }
    double height() const {
        const auto n = static_cast<double>(layout.panel_rows);
        return n * panel_height() + (n - 1) * gap_y;
    }
    // The left and top edges of a panel whose map starts at `top`.
    std::pair<double, double> panel_corner(double top, std::size_t panel) const {
        const auto row = static_cast<double>(panel / layout.panel_columns);
        const auto column = static_cast<double>(panel % layout.panel_columns);
        return {margin + column * (panel_width() + gap_x), top - row * (panel_height() + gap_y)};
    }
    // The centre of the cell at `at`.
    std::pair<double, double> cell(double top, const map_place& at) const {
        const auto [left, edge] = panel_corner(top, at.panel);
        return {left + labels + static_cast<double>(at.column) + 0.5,
                edge - title - header - static_cast<double>(at.row) - 0.5};
    }
};

// `text` in lines of at most `width` characters, broken between words; at most `most` lines, the last cut with "…".
std::vector<std::string> wrapped(const std::string& text, std::size_t width, std::size_t most) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
        if (!lines.empty() && lines.back().size() + 1 + word.size() <= width) lines.back() += " " + word;
        else lines.push_back(word);
    }
    if (lines.size() > most) {
        lines.resize(most);
        lines.back() += " …";
    }
    return lines;
}

std::string label(const std::string& text, double x, double y, const char* how) {
    return "  set label " + study::gnuplot_quoted(text) + " at " + number(x) + "," + number(y) + " " + how + "\n";
}

// The panels' titles and their rows' and columns' values, for the map starting at `top`.
std::string map_labels(const geometry& g, double top) {
    const auto& l = g.layout;
    std::string out;
    for (std::size_t p = 0; p < l.panels(); ++p) {
        const auto [left, edge] = g.panel_corner(top, p);
        const double cells = left + g.labels;
        if (g.title > 0) out += label(l.panel_titles[p], left, edge - g.title / 2, "left font ',9'");
        for (std::size_t c = 0; g.header > 0 && c < l.column_values.size(); ++c)
            out += label(l.column_values[c], cells + static_cast<double>(c) + 0.5, edge - g.title - g.header / 2,
                         "center font ',9'");
        for (std::size_t r = 0; g.labels > 0 && r < l.row_values.size(); ++r)
            out += label(l.row_values[r], cells - 0.08, edge - g.title - g.header - static_cast<double>(r) - 0.5,
                         "right font ',9'");
    }
    return out;
}

// A row of the verdicts' cells, each with its name.
std::string legend(double top) {
    std::string out;
    int tag = 1;
    for (auto v : all_verdicts) {
        const double left = margin + (tag - 1) * 1.6;
        out += "  set object " + std::to_string(tag++) + " rect from " + number(left + 0.03) + "," +
               number(top - 0.95) + " to " + number(left + 1.47) + "," + number(top - 0.05) + " fc rgb '" +
               std::string(verdict_colour(v)) + "' fs solid noborder\n";
        out += label(std::string(verdict_name(v)), left + 0.75, top - 0.5, "center font ',8' front");
    }
    return out;
}

// verdicts.csv, one row per configuration and claim: its strict and weak verdicts.
void write_verdicts(const fs::path& data, const outcome& o, const std::vector<judged_configuration>& judged) {
    study::results_file f(data / "verdicts.csv");
    f << configuration_columns(o) << ",claim,strict,weak\n";
    for (std::size_t c = 0; c < judged.size(); ++c)
        for (const auto& finding : judged[c].ledger.findings) {
            f << configuration_fields(o, c) << ',' << finding.id << ',' << verdict_name(finding.strict.verdict) << ','
              << verdict_name(finding.weak.verdict) << '\n';
        }
    f.commit();
}

// The gnuplot function from a half cell's state (verdict_cells.csv's third column) to its colour.
std::string state_functions() {
    std::string colour = "  colour(s) = ";
    for (std::size_t s = 0; s < std::size(all_verdicts); ++s) {
        const std::string test = s + 1 < std::size(all_verdicts) ? "s == " + std::to_string(s) + " ? " : "";
        const auto hex = std::string(verdict_colour(all_verdicts[s])).substr(1);
        colour += test + "0x" + hex + (test.empty() ? "\n" : " : ");
    }
    return colour;
}

// The figure's title, how to read it and the legend, from `top` down; returns the height they take.
double heading(std::string& body, const map_layout& layout, double text_width, double top) {
    const double start = top;
    body +=
        label("Where the original study's claims reproduce across the sweep (left half: strict reading, right: weak)",
              margin, top - 0.6, "left font ',13'");
    top -= 1.3;
    for (const auto& text : wrapped(describe(layout), static_cast<std::size_t>(text_width / char_width), 4)) {
        body += label(text, margin, top - line / 2, "left");
        top -= line;
    }
    body += legend(top - 0.2);
    return start - (top - 1.8);
}

// One block per mapped claim: its words, then its map; the half cells go to `cells`. Returns the height they take.
double blocks(std::string& body, study::results_file& cells, const geometry& g,
              const std::vector<judged_configuration>& judged, double text_width, double top) {
    const double start = top;
    const auto chars = static_cast<std::size_t>(text_width / bold_width);
    for (const std::size_t k : mapped_claims()) {
        const auto& claim = study::ledger_claims()[k];
        for (const auto& text : wrapped("Claim " + claim.id + ": " + claim.words, chars, 3)) {
            body += label(text, margin, top - line / 2, "left font 'Sans Bold,10'");
            top -= line;
        }
        top -= 0.2;
        body += map_labels(g, top);
        for (std::size_t c = 0; c < judged.size(); ++c) {
            const auto [x, y] = g.cell(top, g.layout.places[c]);
            const auto& f = judged[c].ledger.findings[k];
            cells << number(x - 0.24) << ',' << number(y) << ',' << static_cast<int>(f.strict.verdict) << '\n';
            cells << number(x + 0.24) << ',' << number(y) << ',' << static_cast<int>(f.weak.verdict) << '\n';
        }
        top -= g.height() + 1;
    }
    return start - top;
}

}  // namespace

bool fits_map(const map_layout& layout, std::size_t configurations, std::size_t claims) {
    const geometry g(layout);
    const double blocks_height = static_cast<double>(claims) * (g.height() + 4 * line);
    return configurations <= most_mapped && (2 * margin + g.width()) * pixels_x <= most_pixels &&
           blocks_height * pixels_y <= most_pixels;
}

std::optional<std::string> write_verdict_figure(const fs::path& figures, const outcome& o, const map_layout& layout,
                                                const std::vector<judged_configuration>& judged) {
    fs::create_directories(figures / "data");
    write_verdicts(figures / "data", o, judged);
    if (!fits_map(layout, judged.size(), mapped_claims().size())) return std::nullopt;
    const geometry g(layout);
    const double width = 2 * margin + std::max(g.width(), least_width);
    std::string body =
        "  unset label; unset object\n  unset grid; unset border; unset tics; unset key\n"
        "  set margins 0, 0, 0, 0\n" +
        state_functions();
    double top = -margin;
    top -= heading(body, layout, width - 2 * margin, top);
    study::results_file cells(figures / "data" / "verdict_cells.csv");
    cells << "x,y,state\n";
    top -= blocks(body, cells, g, judged, width - 2 * margin, top);
    cells.commit();
    const double height = margin - top;
    body += "  set xrange [0:" + number(width) + "]; set yrange [" + number(-height) +
            ":0]\n"
            "  plot 'data/verdict_cells.csv' using 1:2:(0.23):(0.46):(colour($3)) with boxxyerror fs solid 1.0 "
            "noborder lc rgb variable\n";
    const auto size =
        std::to_string(static_cast<int>(width * pixels_x)) + "," + std::to_string(static_cast<int>(height * pixels_y));
    study::write_script(figures, "verdicts", size, body);
    return "verdicts";
}

}  // namespace sweep
