#include "report_layout.hpp"

#include <algorithm>
#include <stdexcept>

#include "report_text.hpp"

namespace sweep {

namespace {

// The axes (indices into o.axes) that make a panel's rows and columns; each absent when too few axes vary.
std::pair<std::optional<std::size_t>, std::optional<std::size_t>> panel_axes(const outcome& o) {
    std::vector<std::size_t> order(o.axes.size());
    for (std::size_t a = 0; a < order.size(); ++a) order[a] = a;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return o.axes[x].values.size() > o.axes[y].values.size(); });
    if (order.empty()) return {};
    if (order.size() == 1) return {std::nullopt, order[0]};
    return {std::min(order[0], order[1]), std::max(order[0], order[1])};
}

// Configuration c's position along axis a: the index of its value among the axis's values.
std::size_t position(const outcome& o, std::size_t c, std::size_t a) {
    const auto& axis = o.axes[a];
    const auto& value = axis_value(o, c, axis.name);
    const auto at = std::find(axis.values.begin(), axis.values.end(), value);
    if (at == axis.values.end())
        throw std::invalid_argument("configuration " + std::to_string(c) + " (" + o.configurations[c].id + ") has " +
                                    axis.name + " '" + value + "', which is not among the axis's values");
    return static_cast<std::size_t>(at - axis.values.begin());
}

// The panels' titles, row by row: every combination of the facet axes' values, the first slowest.
std::vector<std::string> panel_titles(const outcome& o, const std::vector<std::size_t>& facets) {
    std::vector<std::string> titles = {""};
    for (auto a : facets) {
        std::vector<std::string> longer;
        for (const auto& title : titles)
            for (const auto& value : o.axes[a].values)
                longer.push_back(title + (title.empty() ? "" : ", ") + o.axes[a].name + "=" + value);
        titles = std::move(longer);
    }
    return titles;
}

// Where configuration c goes, from its positions along the panel's axes and the facet axes.
map_place place_of(const outcome& o, std::size_t c, std::optional<std::size_t> rows, std::optional<std::size_t> columns,
                   const std::vector<std::size_t>& facets) {
    map_place at;
    if (rows) at.row = position(o, c, *rows);
    if (columns) at.column = position(o, c, *columns);
    for (auto a : facets) at.panel = at.panel * o.axes[a].values.size() + position(o, c, a);
    return at;
}

}  // namespace

const std::string& axis_value(const outcome& o, std::size_t c, const std::string& name) {
    const auto& config = o.configurations[c];
    const auto at = std::find(axis_names.begin(), axis_names.end(), name);
    if (at == axis_names.end()) throw std::invalid_argument("the sweep's axis '" + name + "' is not an option");
    if (config.values.size() != axis_names.size())
        throw std::invalid_argument("configuration " + std::to_string(c) + " (" + config.id + ") has " +
                                    std::to_string(config.values.size()) + " axis values, not " +
                                    std::to_string(axis_names.size()));
    return config.values[static_cast<std::size_t>(at - axis_names.begin())];
}

std::optional<std::size_t> map_layout::configuration_at(const map_place& at) const {
    for (std::size_t c = 0; c < places.size(); ++c)
        if (places[c].panel == at.panel && places[c].row == at.row && places[c].column == at.column) return c;
    return std::nullopt;
}

map_layout lay_out(const outcome& o) {
    for (const auto& axis : o.axes)
        if (axis.values.empty()) throw std::invalid_argument("the sweep's axis '" + axis.name + "' has no values");
    const auto [rows, columns] = panel_axes(o);
    map_layout layout;
    std::vector<std::size_t> facets;
    for (std::size_t a = 0; a < o.axes.size(); ++a)
        if (a != rows && a != columns) {
            facets.push_back(a);
            layout.facet_axes.push_back(o.axes[a].name);
        }
    layout.row_axis = rows ? o.axes[*rows].name : "";
    layout.row_values = rows ? o.axes[*rows].values : std::vector<std::string>{""};
    layout.column_axis = columns ? o.axes[*columns].name : "";
    layout.column_values = columns ? o.axes[*columns].values : std::vector<std::string>{""};
    layout.panel_titles = panel_titles(o, facets);
    layout.panel_columns = facets.empty() ? 1 : o.axes[facets.back()].values.size();
    layout.panel_rows = layout.panels() / layout.panel_columns;
    for (std::size_t c = 0; c < o.configurations.size(); ++c) {
        const auto at = place_of(o, c, rows, columns, facets);
        if (const auto other = layout.configuration_at(at))
            throw std::invalid_argument("configurations " + std::to_string(*other) + " and " + std::to_string(c) +
                                        " have the same values on every varying axis");
        layout.places.push_back(at);
    }
    return layout;
}

std::string describe(const map_layout& layout) {
    std::string text = "Each cell is one configuration, judged by the study's rule on its own runs: ";
    if (layout.column_axis.empty()) return text + "no option varies, so there is one cell.";
    if (layout.row_axis.empty()) text += "one row along " + layout.column_axis;
    else text += "rows " + layout.row_axis + ", columns " + layout.column_axis;
    for (std::size_t f = 0; f < layout.facet_axes.size(); ++f)
        text += (f == 0 ? "; one panel per " : " × ") + layout.facet_axes[f];
    return text + ".";
}

std::string configuration_columns(const outcome& o) {
    std::string text = "config,config_id";
    for (const auto& axis : o.axes) (text += ",") += study::csv_field(axis.name);
    return text;
}

std::string configuration_fields(const outcome& o, std::size_t c) {
    std::string text = std::to_string(c) + "," + study::csv_field(o.configurations[c].id);
    for (const auto& axis : o.axes) (text += ",") += study::csv_field(axis_value(o, c, axis.name));
    return text;
}

}  // namespace sweep
