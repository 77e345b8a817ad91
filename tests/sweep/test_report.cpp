// The sweep's report on outcomes made by hand (test_report_outcomes.hpp):
// every map cell's verdict, the faceting for 0 to 4 varying axes, escaping
// of hostile values, the figure skipped or failing cleanly, outcomes that
// break their contract refused, the controls kept out of the verdicts, and
// the page and figure bounded whatever the grid.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/transforms/registry.hpp>

#include "scratch.hpp"
#include "study/sample_options.hpp"
#include "test_report_outcomes.hpp"

#include "gnuplot.hpp"
#include "ledger_grid.hpp"
#include "report_figure.hpp"
#include "report_layout.hpp"
#include "sweep_report.hpp"

using namespace sweep;
using namespace sweep::testing;
namespace fs = std::filesystem;

namespace {

const study::provenance here{12.5, "OpenBLAS 0.3.21, core Haswell", "gcc 12; -O3 (Release)", {}};

study::options base_options() {
    study::options o = study::testing::defaults_in("/results/sweep");
    o.variants = scenario_variants;
    o.seeds = {1, 2};
    o.epochs = 1;
    return o;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// The configurations of claim `id`'s cells on the page, in the page's order.
std::vector<std::size_t> cells_of(const std::string& html, const std::string& id) {
    std::vector<std::size_t> configurations;
    const std::string key = "<td id=\"claim" + id + "-c";
    for (auto at = html.find(key); at != std::string::npos; at = html.find(key, at + 1))
        configurations.push_back(std::stoul(html.substr(at + key.size())));
    return configurations;
}

}  // namespace

TEST_CASE("every cell of every claim's map has the verdicts the ledger gives its configuration") {
    mockbn::testing::scratch_folder scratch("sweep_report_cells");
    auto o = grid({{"learning_rate", {"0.01", "0.02", "0.03"}}, {"shared", {"off", "on"}}}, base_options());
    using enum want;
    o.runs[0] = runs_for({yes, yes, yes});
    o.runs[1] = runs_for({no, no, no});
    o.runs[2] = runs_for({unsure, unsure, unsure});
    // o.runs[3] stays empty: none of its jobs finished.
    o.runs[4] = runs_for({yes, unsure, no});
    o.runs[5] = runs_for({no, yes, no});
    std::erase_if(o.runs[5], [](const study::run_result& r) { return r.variant == "bn"; });
    using enum verdict;
    // The strict verdicts of claims 1, 3a and 4b.
    const std::vector<std::array<verdict, 3>> expected = {
        {reproduced, reproduced, reproduced},       {not_reproduced, not_reproduced, not_reproduced},
        {inconclusive, inconclusive, inconclusive}, {not_measured, not_measured, not_measured},
        {reproduced, inconclusive, not_reproduced}, {not_measured, not_measured, not_measured}};

    const auto written = write_sweep_report(scratch.dir, o, here, false);
    const auto html = text_of(scratch.dir / "report.html");
    const auto csv = text_of(scratch.dir / "figures" / "data" / "verdicts.csv");
    CHECK(csv.starts_with("config,config_id,learning_rate,shared,claim,strict,weak\n"));
    REQUIRE(written.configurations.size() == 6);
    for (std::size_t c = 0; c < 6; ++c) {
        CAPTURE(c);
        for (std::size_t k = 0; k < scenario_claims.size(); ++k)
            CHECK(written.configurations[c].ledger.findings[claim_at(scenario_claims[k])].strict.verdict ==
                  expected[c][k]);
        // Every claim with readings: the cell shows the ledger's two verdicts, strict first; the CSV holds them.
        for (const std::size_t k : mapped_claims()) {
            const auto& f = written.configurations[c].ledger.findings[k];
            CAPTURE(f.id);
            const auto cell = map_cell(html, f.id, c);
            CHECK(cell.find(verdict_span(f.strict.verdict) + verdict_span(f.weak.verdict)) != std::string::npos);
            const auto& values = o.configurations[c].values;
            const std::string row = std::to_string(c) + "," + o.configurations[c].id + "," +
                                    values[axis_at("learning_rate")] + "," + values[axis_at("shared")] + "," + f.id +
                                    "," + std::string(verdict_name(f.strict.verdict)) + "," +
                                    std::string(verdict_name(f.weak.verdict));
            CHECK(csv.find('\n' + row + '\n') != std::string::npos);
        }
    }
    CHECK(count_of(html, "<td id=\"claim") == 6 * mapped_claims().size());
    CHECK(count_of(csv, "\n") == 1 + 6 * study::ledger_claims().size());
    // Rows learning_rate, columns shared: the page reads the cells in grid order.
    CHECK(cells_of(html, "1") == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
    // The accuracy table: each configuration's row, from the study's summary; a configuration without runs says so.
    CHECK(html.find("<tr id=\"config-0\"><td>0 <code>" + o.configurations[0].id +
                    "</code></td><td>0.01</td><td>off</td>") != std::string::npos);
    // Variants in the order given (plain, bn, log_shift, sqrt_shift, ...), each with its validation accuracy, the
    // best on it in bold (plain, whose test accuracy is the lowest).
    CHECK(html.find("<td class=\"best\">0.9050 ± 0.0071<br><small>validation 0.0950 ± 0.0071, n=2</small></td>"
                    "<td>0.9550 ± 0.0071<br><small>validation 0.0450 ± 0.0071, n=2</small></td>"
                    "<td>0.9350 ± 0.0071<br><small>validation 0.0650 ± 0.0071, n=2</small></td>"
                    "<td>0.9900 ± 0.0071<br><small>validation 0.0100 ± 0.0071, n=2</small>") != std::string::npos);
    CHECK(count_of(html, "<td>not run</td>") == 6 + 1);  // configuration 3's variants, configuration 5's bn
    // The ledger across the grid: claim 1 reproduced (strictly) in configurations 0 and 4, and its sensitivity.
    CHECK(html.find("Strict: reproduced in 2, not reproduced in 1, inconclusive in 1, not measured in 2") !=
          std::string::npos);
    CHECK(fs::exists(scratch.dir / "ledger.md"));
    CHECK(fs::exists(scratch.dir / "figures" / "sensitivity.gp"));
    const auto sensitivity = text_of(scratch.dir / "figures" / "data" / "sensitivity.csv");
    CHECK(count_of(sensitivity, "\n") == 1 + 6 * mapped_claims().size());
}

namespace {

const axis optimizer{"optimizer", {"sgd", "adam"}}, rate{"learning_rate", {"0.003", "0.01", "0.03"}},
    shared{"shared", {"off", "on"}}, width{"width", {"100", "400"}};

// The page of an outcome's report, written into `dir`.
std::string page_of(const outcome& o, const fs::path& dir) {
    write_sweep_report(dir, o, here, false);
    return text_of(dir / "report.html");
}

}  // namespace

TEST_CASE("faceting, no axis varies: one cell") {
    mockbn::testing::scratch_folder scratch("sweep_report_facets0");
    const auto o = grid({}, base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis.empty() && l.column_axis.empty() && l.panels() == 1));
    const auto html = page_of(o, scratch.dir);
    CHECK(cells_of(html, "1") == std::vector<std::size_t>{0});
    CHECK(count_of(html, "<table class=\"map\">") == mapped_claims().size());
    CHECK(html.find("no option varies") != std::string::npos);
}

TEST_CASE("faceting, one axis: one row of cells along it") {
    mockbn::testing::scratch_folder scratch("sweep_report_facets1");
    const auto o = grid({rate}, base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis.empty() && l.column_axis == "learning_rate" && l.panels() == 1));
    for (std::size_t c = 0; c < 3; ++c) CHECK((l.places[c].row == 0 && l.places[c].column == c));
    const auto html = page_of(o, scratch.dir);
    CHECK(cells_of(html, "2a") == std::vector<std::size_t>{0, 1, 2});
    CHECK(html.find("<tr><th>learning_rate</th><th>0.003</th><th>0.01</th><th>0.03</th></tr>") != std::string::npos);
}

TEST_CASE("faceting, two axes: one panel, its rows along the earlier") {
    mockbn::testing::scratch_folder scratch("sweep_report_facets2");
    const auto o = grid({optimizer, rate}, base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis == "optimizer" && l.column_axis == "learning_rate" && l.panels() == 1));
    for (std::size_t c = 0; c < 6; ++c) CHECK((l.places[c].row == c / 3 && l.places[c].column == c % 3));
    const auto html = page_of(o, scratch.dir);
    CHECK(cells_of(html, "3a") == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
    CHECK(html.find("<tr><th>sgd</th><td id=\"claim3a-c0\"") != std::string::npos);
    CHECK(html.find("<tr><th>adam</th><td id=\"claim3a-c3\"") != std::string::npos);
}

TEST_CASE("faceting, three axes: a panel per value of the third, side by side") {
    mockbn::testing::scratch_folder scratch("sweep_report_facets3");
    const auto o = grid({optimizer, rate, shared}, base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis == "optimizer" && l.column_axis == "learning_rate"));
    CHECK((l.panel_rows == 1 && l.panel_columns == 2));
    CHECK(l.panel_titles == std::vector<std::string>{"shared=off", "shared=on"});
    const auto html = page_of(o, scratch.dir);
    CHECK(cells_of(html, "4a") == std::vector<std::size_t>{0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11});
    CHECK(count_of(html, "<div class=\"facet-row\">") == mapped_claims().size());
    CHECK(count_of(html, "<caption>shared=on</caption>") == mapped_claims().size());
}

TEST_CASE("faceting, four axes (2 optimizers, 3 rates, sharing, 2 widths): a 2x2 grid of panels") {
    mockbn::testing::scratch_folder scratch("sweep_report_facets4");
    const auto o = grid({optimizer, rate, shared, width}, base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis == "optimizer" && l.column_axis == "learning_rate"));
    CHECK((l.panel_rows == 2 && l.panel_columns == 2));
    CHECK(l.panel_titles == std::vector<std::string>{"shared=off, width=100", "shared=off, width=400",
                                                     "shared=on, width=100", "shared=on, width=400"});
    // Configuration 23: adam, 0.03, on, 400.
    CHECK((l.places[23].panel == 3 && l.places[23].row == 1 && l.places[23].column == 2));
    const auto html = page_of(o, scratch.dir);
    CHECK(count_of(html, "<table class=\"map\">") == 4 * mapped_claims().size());
    CHECK(count_of(html, "<div class=\"facet-row\">") == 2 * mapped_claims().size());
    CHECK(html.find("rows optimizer, columns learning_rate; one panel per shared × width") != std::string::npos);
}

TEST_CASE("faceting: the panel takes the two axes with the most values") {
    const auto o = grid({{"batch", {"32", "64"}}, {"width", {"50", "100", "200"}}, {"depth", {"3", "4", "5", "6"}}},
                        base_options());
    const auto l = lay_out(o);
    CHECK((l.row_axis == "width" && l.column_axis == "depth"));
    CHECK(l.facet_axes == std::vector<std::string>{"batch"});
}

TEST_CASE("every string of the sweep is escaped on the page, one literal in the figure's script, quoted in the CSV") {
    mockbn::testing::scratch_folder scratch("sweep_report_escaping");
    const std::string hostile = "<script>alert(\"x\")</script> & 'q' \\ @x\nnext";
    auto o = grid({{"optimizer", {"sgd", hostile}}}, base_options());
    o.configurations[1].id = "<b>id</b>";
    o.runs[1] = runs_for({want::yes, want::yes, want::yes});
    const study::provenance where{1, "<blas>", "<build>", {}};

    const auto written = write_sweep_report(scratch.dir, o, where, true);
    const auto html = text_of(scratch.dir / "report.html");
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>id</b>") == std::string::npos);
    CHECK(html.find("<blas>") == std::string::npos);
    CHECK(html.find("<build>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q' \\ @x\nnext") != std::string::npos);
    CHECK(html.find("&lt;b&gt;id&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("http") == std::string::npos);  // nothing to load from elsewhere

    const auto script = text_of(scratch.dir / "figures" / "verdicts.gp");
    CHECK(script.find(study::gnuplot_quoted(hostile)) != std::string::npos);
    CHECK(script.find("\nnext") == std::string::npos);
    const auto csv = text_of(scratch.dir / "figures" / "data" / "verdicts.csv");
    CHECK(csv.find("\n1,<b>id</b>,\"<script>alert(\"\"x\"\")</script> & 'q' \\ @x\nnext\",1,reproduced,reproduced\n") !=
          std::string::npos);
    CHECK(text_of(scratch.dir / "ledger.md").find("optimizer <script>alert(\"x\")</script> & 'q' \\ @x next") !=
          std::string::npos);
    // gnuplot read the script whole: the figure was drawn.
    CHECK(written.drawn);
    CHECK(fs::exists(scratch.dir / "figures" / "verdicts.png"));
    CHECK(fs::exists(scratch.dir / "figures" / "verdicts.svg"));
}

TEST_CASE("the figure's panel titles never run into each other, however long") {
    // The preset findings' facets: "init=glorot_uniform, shared=false, transform_lr_scale=10" and the like.
    mockbn::testing::scratch_folder scratch("sweep_report_titles");
    const auto o = grid({optimizer,
                         {"learning_rate", {"0.001", "0.01"}},
                         {"init", {"he_normal", "glorot_uniform"}},
                         shared,
                         {"transform_lr_scale", {"1", "10"}}},
                        base_options());
    write_sweep_report(scratch.dir, o, here, false);
    std::istringstream script(text_of(scratch.dir / "figures" / "verdicts.gp"));
    struct extent {
        double y, from, to;
    };
    std::vector<extent> titles;
    constexpr double char_width = 6.5 / 100;  // the figure's 10-point character, in its units
    for (std::string line; std::getline(script, line);) {
        if (line.find("init=") == std::string::npos || line.find("set label") == std::string::npos) continue;
        const auto open = line.find('\''), close = line.find('\'', open + 1);  // gnuplot_quoted's quotes
        const auto quoted = line.substr(open + 1, close - open - 1);
        double x = 0, y = 0;
        std::sscanf(line.c_str() + line.find(" at ") + 4, "%lf,%lf", &x, &y);
        const double width = char_width * static_cast<double>(quoted.size());
        const bool centred = line.find(" center ") != std::string::npos;
        titles.push_back({y, centred ? x - width / 2 : x, centred ? x + width / 2 : x + width});
    }
    REQUIRE(titles.size() == mapped_claims().size() * 8);  // each claim's map of eight panels
    for (const auto& a : titles)
        for (const auto& b : titles)
            if (&a != &b && a.y == b.y) CHECK((a.to <= b.from || b.to <= a.from));
}

TEST_CASE("without figures, or without gnuplot, the page, the script and the data are written all the same") {
    mockbn::testing::scratch_folder scratch("sweep_report_no_figures");
    auto o = grid({{"width", {"100", "400"}}}, base_options());
    o.runs[0] = runs_for({want::yes, want::no, want::unsure});
    const fs::path figures = scratch.dir / "figures";
    const auto only_scripts_and_data = [&] {
        CHECK(fs::exists(figures / "verdicts.gp"));
        CHECK(fs::exists(figures / "data" / "verdicts.csv"));
        CHECK(fs::exists(figures / "data" / "verdict_cells.csv"));
        CHECK(!fs::exists(figures / "verdicts.png"));
        CHECK(!fs::exists(figures / "verdicts.svg"));
        for (const auto& entry : fs::directory_iterator(figures))
            CHECK(entry.path().filename().string().rfind(".drawing", 0) != 0);
    };

    SUBCASE("figures not asked for: gnuplot is not run") {
        const auto written = write_sweep_report(scratch.dir, o, here, false);
        CHECK(!written.drawn);
        only_scripts_and_data();
        CHECK(!fs::exists(figures / "verdicts.log"));
        const auto html = text_of(scratch.dir / "report.html");
        CHECK(html.find("figures were not asked for") != std::string::npos);
        CHECK(html.find("<img") == std::string::npos);
        CHECK(map_cell(html, "1", 0).find(verdict_span(verdict::reproduced)) != std::string::npos);
    }
    SUBCASE("gnuplot not on the PATH: the page says the figure failed") {
        const std::string path = std::getenv("PATH");
        setenv("PATH", (scratch.dir / "nowhere").c_str(), 1);
        const auto written = write_sweep_report(scratch.dir, o, here, true);
        setenv("PATH", path.c_str(), 1);
        CHECK(!written.drawn);
        only_scripts_and_data();
        const auto html = text_of(scratch.dir / "report.html");
        CHECK(html.find("gnuplot could not draw the figure") != std::string::npos);
        CHECK(html.find("<img") == std::string::npos);
    }
}

TEST_CASE("an outcome that breaks its contract is refused, naming what is wrong") {
    mockbn::testing::scratch_folder scratch("sweep_report_refusals");
    auto o = grid({{"width", {"100", "400"}}}, base_options());
    SUBCASE("no configuration") {
        CHECK_THROWS_WITH_AS(write_sweep_report(scratch.dir, outcome{}, here, false),
                             "a sweep's report needs at least one configuration", std::invalid_argument);
    }
    SUBCASE("runs for fewer configurations") {
        o.runs.pop_back();
        CHECK_THROWS_WITH_AS(write_sweep_report(scratch.dir, o, here, false),
                             "the sweep's outcome holds runs for 1 of 2 configurations", std::invalid_argument);
    }
    SUBCASE("a value off its axis") {
        o.configurations[1].values[axis_at("width")] = "300";
        CHECK_THROWS_WITH_AS(write_sweep_report(scratch.dir, o, here, false),
                             "configuration 1 (c0ffee01) has width '300', which is not among the axis's values",
                             std::invalid_argument);
    }
    SUBCASE("two configurations in one place") {
        o.configurations[1].values[axis_at("width")] = "100";
        CHECK_THROWS_WITH_AS(write_sweep_report(scratch.dir, o, here, false),
                             "configurations 0 and 1 have the same values on every varying axis",
                             std::invalid_argument);
    }
    CHECK(!fs::exists(scratch.dir / "report.html"));
}

TEST_CASE("the controls enter no claim: added with numbers that would decide them, no verdict or reason moves") {
    std::vector<std::string> controls;
    mockbn::for_each_variant([&]<class V>() {
        if (V::role == mockbn::variant_role::control) controls.emplace_back(V::name);
    });
    REQUIRE(!controls.empty());
    using enum want;
    mockbn::research::control_bank bank;
    for (const scenario& s : {scenario{yes, yes, yes}, scenario{no, no, no}, scenario{yes, unsure, no}}) {
        auto o = base_options();
        const auto runs = runs_for(s);
        const auto before = study::judge_ledger(o, runs, bank);
        // Near-perfect accuracy, the negative peak higher, a reach of ±100: bn's, log_shift's and sqrt_shift's cues.
        auto with_controls = runs;
        for (const auto& v : controls)
            for (std::uint64_t seed : {1, 2}) with_controls.push_back(run(v, seed, 0.999, 3, 1, 100, 6));
        o.variants.insert(o.variants.end(), controls.begin(), controls.end());
        CHECK(study::summarize(o, with_controls).size() == scenario_variants.size() + controls.size());
        const auto after = study::judge_ledger(o, with_controls, bank);
        REQUIRE(after.findings.size() == before.findings.size());
        for (std::size_t k = 0; k < before.findings.size(); ++k) {
            CAPTURE(k);
            CHECK(after.findings[k].strict.verdict == before.findings[k].strict.verdict);
            CHECK(after.findings[k].weak.why == before.findings[k].weak.why);
            CHECK(after.findings[k].evidence == before.findings[k].evidence);
        }
    }
}

TEST_CASE("whatever the grid, the figure and the page stay bounded: a map too large is counted, not drawn") {
    mockbn::testing::scratch_folder scratch("sweep_report_bounded");
    std::vector<std::string> widths, rates;
    for (int i = 1; i <= 101; ++i) widths.push_back(std::to_string(i));
    for (int i = 1; i <= 100; ++i) rates.push_back("0.0" + std::to_string(100 + i));
    auto o = grid({{"width", widths}, {"learning_rate", rates}}, base_options());
    REQUIRE(o.configurations.size() == 10100);
    // One configuration in a hundred has runs (claim 1 reproduced, 3a not, 4b inconclusive), the others none.
    for (std::size_t c = 0; c < o.configurations.size(); c += 100)
        o.runs[c] = runs_for({want::yes, want::no, want::unsure});
    CHECK(!fits_map(lay_out(o), o.configurations.size(), mapped_claims().size()));

    const auto written = write_sweep_report(scratch.dir, o, here, true);
    CHECK(written.drawn);  // the positive control drawn, the map counted: nothing failed
    CHECK(!fs::exists(scratch.dir / "figures" / "verdicts.gp"));
    CHECK(!fs::exists(scratch.dir / "figures" / "data" / "verdict_cells.csv"));
    CHECK(!fs::exists(scratch.dir / "figures" / "sensitivity.gp"));
    CHECK(count_of(text_of(scratch.dir / "figures" / "data" / "verdicts.csv"), "\n") ==
          1 + study::ledger_claims().size() * 10100);
    const auto html = text_of(scratch.dir / "report.html");
    CHECK(html.size() < 1000000);
    CHECK(cells_of(html, "1").empty());
    CHECK(html.find("The first 1000 of 10100 configurations") != std::string::npos);
    CHECK(count_of(html, "<tr id=\"config-") == 1000);
    // Each claim's verdicts counted: the 101 configurations with runs, the 9,999 without.
    CHECK(count_of(html, "<td class=\"v-reproduced\">101</td>") >= 1);
    CHECK(count_of(html, "<td class=\"v-not-reproduced\">101</td>") >= 1);
    CHECK(count_of(html, "<td class=\"v-not-measured\">9999</td>") >= 3);
    CHECK(fs::file_size(scratch.dir / "ledger.md") < 1000000);
}

TEST_CASE("a map that fits is drawn: within most_mapped configurations and most_pixels either way") {
    std::vector<std::string> rates;
    for (int i = 1; i <= 40; ++i) rates.push_back("0.0" + std::to_string(100 + i));
    const auto row = grid({{"learning_rate", rates}}, base_options());
    CHECK(fits_map(lay_out(row), row.configurations.size(), mapped_claims().size()));
    for (int i = 41; i <= 90; ++i) rates.push_back("0.0" + std::to_string(100 + i));
    const auto wide = grid({{"learning_rate", rates}}, base_options());  // 90 columns of 100 pixels
    CHECK(!fits_map(lay_out(wide), wide.configurations.size(), mapped_claims().size()));
}

TEST_CASE(
    "the conditions a reading reproduces under: per varying option, its configurations by value, where they differ") {
    const auto o = grid({{"optimizer", {"sgd", "adam"}}, {"learning_rate", {"0.01", "0.1"}}, {"width", {"50", "100"}}},
                        study::testing::defaults_in("out"));
    const std::size_t k = claim_at("2a");
    std::vector<judged_configuration> judged(o.configurations.size());
    for (std::size_t c = 0; c < judged.size(); ++c) {
        judged[c].ledger.findings.resize(study::ledger_claims().size());
        judged[c].ledger.sensitivity.resize(study::ledger_claims().size());
        // Weakly reproduced under Adam alone, at both rates and widths; strictly nowhere.
        const bool adam = o.configurations[c].values[axis_at("optimizer")] == "adam";
        judged[c].ledger.findings[k].weak.verdict = adam ? verdict::reproduced : verdict::not_reproduced;
        judged[c].ledger.findings[k].strict.verdict = verdict::not_reproduced;
    }
    // ... and once more at width 50 under SGD at 0.1: the width's values then differ too.
    for (std::size_t c = 0; c < judged.size(); ++c)
        if (configuration_label(o, c) == "optimizer sgd, learning_rate 0.1, width 50")
            judged[c].ledger.findings[k].weak.verdict = verdict::reproduced;
    std::vector<std::string> said;
    for (const auto& b : grid_ledger_blocks(o, judged, {}, {}))
        if (b.text.starts_with("Where the ")) said.push_back(b.text);
    CHECK(said == std::vector<std::string>{
                      "Where the weak reading reproduces, by the options the grid varies: optimizer sgd in 1 of 4, "
                      "adam in 4 of 4; learning_rate 0.01 in 2 of 4, 0.1 in 3 of 4; width 50 in 3 of 4, 100 in 2 "
                      "of 4."});
}

TEST_CASE("the ledger names the runs that diverged, with their epochs, and the claims seeds were grown for") {
    auto o = grid({{"optimizer", {"sgd", "adam"}}}, study::testing::defaults_in("out"));
    for (std::size_t c = 0; c < 2; ++c)
        for (const std::uint64_t seed : {1, 2}) {
            study::run_result r;
            r.variant = "plain";
            r.seed = seed;
            r.diverged = c == 1;  // under Adam both, in epochs 2 and 3
            r.diverged_at = c == 1 ? seed + 1 : 0;
            o.runs[c].push_back(r);
        }
    o.configurations[0].grown = {{"plain", 3}};
    o.grown_for = {"3a", "4a"};
    std::vector<judged_configuration> judged(2);
    for (auto& j : judged) {
        j.ledger.findings.resize(study::ledger_claims().size());
        j.ledger.sensitivity.resize(study::ledger_claims().size());
    }
    std::vector<std::string> said;
    for (const auto& b : grid_ledger_blocks(o, judged, {}, {}))
        if (b.text.starts_with("Runs that diverged") || b.text.starts_with("Seeds grown")) said.push_back(b.text);
    REQUIRE(said.size() == 2);
    CHECK(said[0].starts_with("Seeds grown after the grid (mockbn sweep --grow) for claims 3a, 4a: in 1 "));
    CHECK(said[1] ==
          "Runs that diverged and were stopped (they enter no verdict): 2 in all; optimizer adam: plain 2 of 2 (in "
          "epochs 2-3).");
}
