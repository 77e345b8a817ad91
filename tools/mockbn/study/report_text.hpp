// Text that the study's report and the sweep's report write alike: numbers as
// their CSV files, scripts and pages show them, HTML escaping, the pages'
// style, and a variant's final accuracy over its seeds.
//
// Contract: pure functions of their arguments; html_escape makes any string
// safe inside an element or a double-quoted attribute (the pages quote every
// attribute with double quotes).
#pragma once

#include <string>
#include <string_view>

#include "report.hpp"

namespace study {

// Shortest round-tripping form ("%.9g"); "nan", "inf" and "-inf" spelled out.
std::string number(double v);

// `digits` decimals; a value that is not finite as number() writes it.
std::string fixed(double v, int digits);

// A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line end; as it is otherwise.
std::string csv_field(const std::string& text);

// &, <, > and " as entities; every other character as it is.
std::string html_escape(std::string_view text);

// The CSS both report pages open with (inside their <style> element).
inline constexpr std::string_view page_style =
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.45}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
    "th{background:#f4f4f4}td:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}"
    ".reproduced{color:#1a7f37;font-weight:bold}.not{color:#b42318;font-weight:bold}"
    ".inconclusive{color:#9a6700;font-weight:bold}code{background:#f6f8fa;padding:1px 4px}";

// How the runs started and learned: "initialization he_normal; optimizer sgd, learning rate 0.02, momentum 0.9".
std::string training_text(const options& o);

// Which images the probe passes, as in "the first 1000 <test images>": "test images", "training images" or
// "validation images".
std::string probe_images_text(const options& o);

// An accuracy's mean and spread over seeds: "0.9712 ± 0.0021", or "-" where none was measured (NaN).
std::string accuracy_text(double mean, double spread);

// "; <b>a subset of the data</b>: the first N training images, ..." when the
// run trains or evaluates on part of the data (--train-limit, --test-limit,
// --quick), else "".
std::string data_subset_text(const options& o);

}  // namespace study
