// Where each configuration of a sweep sits on a verdict map: two varying
// axes per panel, one panel per combination of the other varying axes.
//
// Contract (the rule the report states):
//  - the panel's axes are the two varying axes with the most values (the
//    earlier in axis order on a tie); of the two, the earlier in axis order
//    gives the panel's rows, the later its columns. With one varying axis a
//    panel is one row of cells along it; with none, one cell.
//  - the other varying axes facet the map, in axis order: the panels stand in
//    rows and columns, one column per value of the last of them, one row per
//    combination of the others (the first slowest).
//  - every configuration has one place, and no two share one; a place
//    without a configuration stays empty.
// lay_out throws std::invalid_argument, naming the configuration and the
// axis, for an outcome that breaks outcome.hpp's contract.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"

namespace sweep {

struct map_place {
    std::size_t panel = 0, row = 0, column = 0;
};

struct map_layout {
    std::string row_axis, column_axis;                   // "" when fewer axes vary
    std::vector<std::string> row_values, column_values;  // one "" for an absent axis
    std::vector<std::string> facet_axes;                 // in axis order
    std::size_t panel_rows = 1, panel_columns = 1;       // how the panels stand
    std::vector<std::string> panel_titles;               // row by row: "shared=on, width=400", or ""
    std::vector<map_place> places;                       // per configuration

    std::size_t panels() const { return panel_titles.size(); }
    // The configuration at a place, if one is there.
    std::optional<std::size_t> configuration_at(const map_place& at) const;
};

map_layout lay_out(const outcome& o);

// Configuration c's value of the axis option `name`, as jobs.csv writes it.
const std::string& axis_value(const outcome& o, std::size_t c, const std::string& name);

// The leading columns of a CSV row per configuration: the header "config,config_id,<each varying axis>", and
// configuration c's "c,<id>,<its values>" (fields quoted where they must be).
std::string configuration_columns(const outcome& o);
std::string configuration_fields(const outcome& o, std::size_t c);

// How to read a map laid out so, in a sentence or two (for the figure and the page).
std::string describe(const map_layout& layout);

}  // namespace sweep
