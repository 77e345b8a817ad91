#include "sweep_report.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "interrupt.hpp"
#include "ledger_grid.hpp"
#include "ledger_page.hpp"
#include "report_figure.hpp"
#include "report_layout.hpp"
#include "report_sensitivity.hpp"
#include "report_text.hpp"

namespace sweep {

namespace fs = std::filesystem;
using study::fixed;
using study::html_escape;

namespace {

// How the figure came out, for the page: a map too large for a figure (fits_map) is summarized.
enum class figure_state { drawn, not_asked, failed, summarized };

// The accuracy table's most rows: jobs.csv holds every configuration's.
constexpr std::size_t most_listed = 1000;

// A verdict's CSS class: "v-not-reproduced".
std::string css_class(verdict v) {
    std::string name(verdict_name(v));
    std::replace(name.begin(), name.end(), ' ', '-');
    return "v-" + name;
}

// The page's own style after the study's: the verdicts' colours and the maps' panels.
std::string map_style() {
    std::string css =
        ".facet-row{display:flex;flex-wrap:wrap;gap:1.2em;margin:0.6em 0}.map caption{font-weight:bold;padding:2px}"
        ".map td{text-align:center;min-width:7em}.map td a{color:inherit;text-decoration:none}"
        ".map td span{display:block;padding:1px 4px}"
        ".legend span{display:inline-block;padding:2px 10px;margin-right:6px}.best{font-weight:bold}"
        "small{color:#555}";
    for (auto v : all_verdicts) (css += '.') += css_class(v) + "{background:" + std::string(verdict_colour(v)) + "}";
    return css;
}

std::string joined(const std::vector<std::string>& words, const std::string& between) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : between) + w;
    return text;
}

std::size_t run_count(const outcome& o) {
    std::size_t n = 0;
    for (const auto& runs : o.runs) n += runs.size();
    return n;
}

void write_head(study::results_file& f, const outcome& o) {
    f << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mockbn sweep: "
      << o.configurations.size() << " configurations</title>\n<style>" << study::page_style << map_style()
      << "</style></head><body>\n<h1>Batch normalization and its mocks across a sweep</h1>\n<p>"
      << o.configurations.size() << " configuration(s), " << run_count(o)
      << " finished run(s). Each configuration is judged as the study judges one, by the same code on its own "
         "runs.</p>\n";
}

// Where the numbers were computed: the build, the BLAS and each kernel the jobs ran under.
void write_provenance(study::results_file& f, const outcome& o, const study::provenance& where) {
    std::vector<std::pair<std::string, std::size_t>> kernels;  // in order of first appearance
    for (const auto& runs : o.runs)
        for (const auto& r : runs) {
            auto at = std::find_if(kernels.begin(), kernels.end(), [&](const auto& k) { return k.first == r.kernels; });
            if (at == kernels.end()) kernels.emplace_back(r.kernels, 1);
            else ++at->second;
        }
    f << "<h2>Where it ran</h2>\n<p>Wall time " << fixed(where.wall_seconds, 1) << " s"
      << (where.invocations.size() > 1 ? " over " + std::to_string(where.invocations.size()) + " invocations" : "")
      << ". Build: <code>" << html_escape(where.build) << "</code>. BLAS: " << html_escape(where.blas)
      << ".</p>\n<p>BLAS kernels of the runs:";
    std::vector<std::string> counted;
    for (const auto& [k, n] : kernels)
        counted.push_back((k.empty() ? "not recorded" : k) + " (" + std::to_string(n) + " run" + (n == 1 ? "" : "s") +
                          ")");
    f << ' ' << html_escape(counted.empty() ? "none (no run finished)" : joined(counted, "; ")) << ".</p>\n";
}

// The options that vary with their values, then those that do not.
void write_grid(study::results_file& f, const outcome& o) {
    f << "<h2>The grid</h2>\n<table><tr><th>axis</th><th>values, in grid order</th></tr>\n";
    for (const auto& axis : o.axes)
        f << "<tr><td>" << html_escape(axis.name) << "</td><td>" << html_escape(joined(axis.values, ", "))
          << "</td></tr>\n";
    if (o.axes.empty()) f << "<tr><td colspan=\"2\">none: every option has one value</td></tr>\n";
    const auto& first = o.configurations.front();
    std::vector<std::string> fixed_options;
    for (const auto& name : axis_names)
        if (std::none_of(o.axes.begin(), o.axes.end(), [&](const axis& a) { return a.name == name; }))
            fixed_options.push_back(name + " " + axis_value(o, 0, name));
    std::vector<std::string> seeds;
    for (auto s : first.options.seeds) seeds.push_back(std::to_string(s));
    f << "</table>\n<p>Every configuration: " << html_escape(joined(fixed_options, ", ")) << "; variants "
      << html_escape(joined(first.options.variants, ", ")) << "; seeds " << html_escape(joined(seeds, ", "))
      << data_subset_text(first.options) << ".</p>\n";
}

// The corner and the column values, when a column axis exists.
void write_map_header(study::results_file& f, const map_layout& l) {
    if (l.column_axis.empty()) return;
    f << "<tr><th>" << html_escape(l.row_axis.empty() ? l.column_axis : l.row_axis + " \\ " + l.column_axis) << "</th>";
    for (const auto& v : l.column_values) f << "<th>" << html_escape(v) << "</th>";
    f << "</tr>\n";
}

// Claim k's cell for a configuration (none: an empty cell): its strict and its weak verdict, linked to the
// configuration's row of accuracies, the reasons in its tooltip.
void write_map_cell(study::results_file& f, std::optional<std::size_t> c,
                    const std::vector<judged_configuration>& judged, std::size_t k) {
    if (!c) {
        f << "<td></td>";
        return;
    }
    const auto& finding = judged[*c].ledger.findings[k];
    f << "<td id=\"claim" << finding.id << "-c" << *c << "\" title=\""
      << html_escape("strict: " + finding.strict.why + "; weak: " + finding.weak.why) << "\"><a href=\"#config-" << *c
      << "\">";
    for (const auto& j : {finding.strict, finding.weak})
        f << "<span class=\"" << css_class(j.verdict) << "\">" << verdict_name(j.verdict) << "</span>";
    f << "</a></td>";
}

// Claim k's map: a table per panel, the panels standing in rows as the layout says.
void write_map(study::results_file& f, const map_layout& l, const std::vector<judged_configuration>& judged,
               std::size_t k) {
    for (std::size_t p = 0; p < l.panels(); ++p) {
        if (p % l.panel_columns == 0) f << "<div class=\"facet-row\">\n";
        f << "<table class=\"map\">";
        if (!l.panel_titles[p].empty()) f << "<caption>" << html_escape(l.panel_titles[p]) << "</caption>";
        write_map_header(f, l);
        for (std::size_t r = 0; r < l.row_values.size(); ++r) {
            f << "<tr>";
            if (!l.column_axis.empty()) f << "<th>" << html_escape(l.row_values[r]) << "</th>";
            for (std::size_t c = 0; c < l.column_values.size(); ++c)
                write_map_cell(f, l.configuration_at({p, r, c}), judged, k);
            f << "</tr>\n";
        }
        f << "</table>\n";
        if (p % l.panel_columns + 1 == l.panel_columns) f << "</div>\n";
    }
}

// Claim k's verdicts counted: how many configurations have each, under each reading.
void write_counts(study::results_file& f, const std::vector<judged_configuration>& judged, std::size_t k) {
    f << "<table class=\"map\"><tr><th>reading</th>";
    for (auto v : all_verdicts) f << "<th>" << verdict_name(v) << "</th>";
    f << "</tr>\n";
    for (const bool strict : {true, false}) {
        f << "<tr><td>" << (strict ? "strict" : "weak") << "</td>";
        for (auto v : all_verdicts) {
            const auto n = std::count_if(judged.begin(), judged.end(), [&](const auto& c) {
                const auto& finding = c.ledger.findings[k];
                return (strict ? finding.strict : finding.weak).verdict == v;
            });
            f << "<td class=\"" << css_class(v) << "\">" << n << "</td>";
        }
        f << "</tr>\n";
    }
    f << "</table>\n";
}

void write_figure(study::results_file& f, figure_state state) {
    if (state == figure_state::drawn)
        f << "<figure><a href=\"figures/verdicts.svg\"><img src=\"figures/verdicts.png\" alt=\"verdict maps\"></a>"
             "<figcaption>The claims across the grid, each cell's left half the strict reading, its right half the "
             "weak one (<a href=\"figures/verdicts.gp\">script</a>, "
             "<a href=\"figures/data/verdicts.csv\">data</a>).</figcaption></figure>\n";
    else if (state == figure_state::not_asked)
        f << "<p>The figure was not drawn this time (figures were not asked for); "
             "<code>figures/verdicts.gp</code> draws it from <code>figures/data/</code>. The maps below hold the "
             "same verdicts.</p>\n";
    else if (state == figure_state::summarized)
        f << "<p>The grid is too large to map (past " << most_mapped << " configurations or a figure " << most_pixels
          << " pixels wide or tall): each claim's verdicts are counted below, and "
          << "<a href=\"figures/data/verdicts.csv\">figures/data/verdicts.csv</a> holds every one.</p>\n";
    else
        f << "<p><b>gnuplot could not draw the figure this time</b> (the sweep's messages say why); "
             "<code>figures/verdicts.gp</code> and its data are in <code>figures/</code>. The maps below hold the "
             "same verdicts.</p>\n";
}

void write_verdicts(study::results_file& f, const map_layout& layout, const std::vector<judged_configuration>& judged,
                    figure_state state) {
    f << "<h2>The original study's claims across the grid</h2>\n<p>" << html_escape(describe(layout))
      << " A cell gives the strict reading's verdict, then the weak one's, and links to its configuration's "
         "accuracies below; its tooltip holds the reasons.</p>\n<p class=\"legend\">";
    for (auto v : all_verdicts) f << "<span class=\"" << css_class(v) << "\">" << verdict_name(v) << "</span>";
    f << "</p>\n";
    write_figure(f, state);
    for (const std::size_t k : mapped_claims()) {
        const auto& claim = study::ledger_claims()[k];
        f << "<h3>Claim " << html_escape(claim.id) << ": " << html_escape(claim.words) << "</h3>\n<p><i>Strict:</i> "
          << html_escape(claim.strict) << ". <i>Weak:</i> " << html_escape(claim.weak) << ".</p>\n";
        if (state == figure_state::summarized) write_counts(f, judged, k);
        else write_map(f, layout, judged, k);
    }
}

// Every variant of any configuration, in order of first appearance.
std::vector<std::string> variant_columns(const outcome& o) {
    std::vector<std::string> names;
    for (const auto& c : o.configurations)
        for (const auto& v : c.options.variants)
            if (std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
    return names;
}

// A variant's final accuracy over its seeds, n the seeds in the mean; "" for a variant the configuration lacks.
std::string accuracy_cell(const study::variant_summary* s, bool best) {
    if (!s) return "<td></td>";
    const std::size_t healthy = s->runs - s->diverged;
    if (s->runs == 0) return "<td>not run</td>";
    if (healthy == 0) return "<td>all " + std::to_string(s->runs) + " diverged</td>";
    return std::string(best ? "<td class=\"best\">" : "<td>") +
           study::accuracy_text(s->accuracy_mean, s->accuracy_std) + "<br><small>validation " +
           study::accuracy_text(s->validation_mean, s->validation_std) + ", n=" + std::to_string(healthy) +
           (s->diverged ? ", " + std::to_string(s->diverged) + " diverged" : "") + "</small></td>";
}

// What a configuration's best variant is chosen on: the validation accuracy, or the test accuracy in runs
// recorded without a validation set.
double selected_on(const study::variant_summary& s) {
    return std::isnan(s.validation_mean) ? s.accuracy_mean : s.validation_mean;
}

// One row: the configuration, its values on the varying axes, its variants' accuracies (the best in bold).
void write_accuracy_row(study::results_file& f, const outcome& o, std::size_t c,
                        const std::vector<study::variant_summary>& summary, const std::vector<std::string>& variants) {
    const study::variant_summary* best = nullptr;
    for (const auto& s : summary)
        if (s.runs > s.diverged && (!best || selected_on(s) > selected_on(*best))) best = &s;
    f << "<tr id=\"config-" << c << "\"><td>" << c << " <code>" << html_escape(o.configurations[c].id)
      << "</code></td>";
    for (const auto& axis : o.axes) f << "<td>" << html_escape(axis_value(o, c, axis.name)) << "</td>";
    for (const auto& v : variants) {
        const auto s = std::find_if(summary.begin(), summary.end(), [&](const auto& x) { return x.variant == v; });
        f << accuracy_cell(s == summary.end() ? nullptr : &*s, s != summary.end() && &*s == best);
    }
    f << "</tr>\n";
}

void write_accuracies(study::results_file& f, const outcome& o, const std::vector<judged_configuration>& judged) {
    const auto variants = variant_columns(o);
    f << "<h2>Final test accuracy per configuration</h2>\n<p>Mean ± standard deviation over seeds at the last "
         "epoch, as the study summarizes a run, with the validation accuracy below it; n counts the seeds in the mean "
         "(a diverged run is left out); each configuration's best variant, chosen on the validation accuracy, in "
         "bold.</p>\n<table><tr><th>configuration</th>";
    for (const auto& axis : o.axes) f << "<th>" << html_escape(axis.name) << "</th>";
    for (const auto& v : variants) f << "<th>" << html_escape(v) << "</th>";
    f << "</tr>\n";
    const std::size_t listed = std::min(judged.size(), most_listed);
    for (std::size_t c = 0; c < listed; ++c) write_accuracy_row(f, o, c, judged[c].summary, variants);
    f << "</table>\n";
    if (listed < judged.size())
        f << "<p>The first " << listed << " of " << judged.size()
          << " configurations; <a href=\"jobs.csv\">jobs.csv</a> holds every job's.</p>\n";
}

void write_data(study::results_file& f) {
    f << "<h2>Data</h2>\n<p><a href=\"jobs.csv\">jobs.csv</a> (one row per job: its configuration's values, "
         "final metrics, probe statistics, time and BLAS kernel), <a href=\"metrics.csv\">metrics.csv</a>, "
         "<a href=\"probe.csv\">probe.csv</a> and <a href=\"params.csv\">params.csv</a> (the study's columns, "
         "preceded by the job), <a href=\"summary.json\">summary.json</a>, <a href=\"ledger.md\">ledger.md</a> (the "
         "ledger above, as Markdown); the verdicts, one row per configuration and claim, in "
         "<a href=\"figures/data/verdicts.csv\">figures/data/verdicts.csv</a>, drawn by "
         "<a href=\"figures/verdicts.gp\">figures/verdicts.gp</a>; the sensitivity in "
         "<a href=\"figures/data/sensitivity.csv\">figures/data/sensitivity.csv</a>.</p>\n";
}

}  // namespace

written_sweep_report write_sweep_report(const fs::path& out, const outcome& o, const study::provenance& where,
                                        bool figures) {
    if (o.configurations.empty()) throw std::invalid_argument("a sweep's report needs at least one configuration");
    return write_sweep_report(out, o, judge_configurations(o), where, figures);
}

written_sweep_report write_sweep_report(const fs::path& out, const outcome& o, std::vector<judged_configuration> judged,
                                        const study::provenance& where, bool figures) {
    if (o.configurations.empty()) throw std::invalid_argument("a sweep's report needs at least one configuration");
    const auto layout = lay_out(o);
    const fs::path dir = out / "figures";
    const auto script = write_verdict_figure(dir, o, layout, judged);
    const auto sensitivity = write_sensitivity_figure(dir, o, judged);
    const auto& first = o.configurations.front().options;
    const auto curve = study::detection_curve(first, study::shared_controls());  // the variants are the grid's
    std::vector<std::string> scripts;
    if (!curve.empty()) scripts.push_back(study::write_detection_figure(dir, curve));
    for (const auto& name : {script, sensitivity})
        if (name) scripts.push_back(*name);
    const bool drawn = figures && study::draw(dir, scripts, "mockbn sweep");
    if (study::stop_flag()) return {std::move(judged), false};  // the previous report.html and ledger.md stay
    const auto ledger = grid_ledger_blocks(o, judged, curve,
                                           {figures && script && fs::exists(dir / "verdicts.png"),
                                            figures && sensitivity && fs::exists(dir / "sensitivity.png"),
                                            figures && fs::exists(dir / "fig10_detection.png")});
    study::results_file markdown(out / "ledger.md");
    markdown << "# The reproduction ledger of one mockbn sweep\n\n" << study::to_markdown(ledger);
    markdown.commit();
    study::results_file f(out / "report.html");
    write_head(f, o);
    write_provenance(f, o, where);
    write_grid(f, o);
    write_verdicts(f, layout, judged,
                   !script   ? figure_state::summarized
                   : drawn   ? figure_state::drawn
                   : figures ? figure_state::failed
                             : figure_state::not_asked);
    f << study::to_html(ledger);
    write_accuracies(f, o, judged);
    write_data(f);
    f << "</body></html>\n";
    f.commit();
    return {std::move(judged), drawn};
}

}  // namespace sweep
