// The parts of the study's report (report.hpp), one source each by what it
// writes, called by write_report in this order: the figures' data
// (report_figure_data.cpp), their scripts (report_scripts.cpp), summary.json
// (report_json.cpp), and, once the figures are drawn, report.html
// (report_page.cpp), whose ledger ledger_page.cpp lays out.
//
// Contract: each writes its files whole (results_file) into the folder it is
// given, from the options and the runs alone; write_scripts returns the
// names of the figures it wrote a script for, in the page's order.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <mockbn/transforms/registry.hpp>

#include "document.hpp"
#include "ledger.hpp"
#include "options.hpp"
#include "records.hpp"
#include "report.hpp"

namespace study {

void write_figure_data(const std::filesystem::path& dir, const options& o, const std::vector<run_result>& runs);

// shapes.csv: x, each fixed variant's shape, then the learnable ones at learnable_shape_columns settings.
void write_shapes(const std::filesystem::path& dir);
inline constexpr int learnable_shape_columns = 10;

std::vector<std::string> write_scripts(const std::filesystem::path& dir, const options& o, double top_accuracy);

void write_json(const std::filesystem::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const judged_ledger& ledger, const provenance& where);

// `ledger` is the ledger's page (ledger_page.hpp), written as HTML in its place.
void write_html(const std::filesystem::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const std::vector<block>& ledger, const provenance& where,
                bool figures);

// f.operator()<V>() for each fixed variant of the registry (a fixed shape or a fixed affine map), in its order.
template <class F>
void for_each_fixed_variant(F&& f) {
    mockbn::for_each_variant([&]<class V>() {
        if constexpr (V::role == mockbn::variant_role::fixed_shape || V::role == mockbn::variant_role::fixed_affine)
            f.template operator()<V>();
    });
}

}  // namespace study
