#include "report_text.hpp"

#include <cmath>
#include <cstdio>

namespace study {

std::string number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

std::string fixed(double v, int digits) {
    if (!std::isfinite(v)) return number(v);
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::string accuracy_text(const variant_summary& s) {
    return fixed(s.accuracy_mean, 4) + " ± " + fixed(s.accuracy_std, 4);
}

std::string data_subset_text(const options& o) {
    if (o.train_limit == 0 && o.test_limit == 0) return "";
    const auto images = [](std::size_t limit, const char* which) {
        return limit == 0 ? std::string("every ") + which + " image"
                          : "the first " + std::to_string(limit) + " " + which + " images";
    };
    return "; <b>a subset of the data</b>: " + images(o.train_limit, "training") + ", " + images(o.test_limit, "test");
}

}  // namespace study
