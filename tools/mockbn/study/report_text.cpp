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

std::string probe_images_text(const options& o) {
    switch (o.probe_split) {
        case mockbn::research::probe_split::test:
            return "test images";
        case mockbn::research::probe_split::train:
            return "training images";
        case mockbn::research::probe_split::validation:
            return "validation images";
    }
    throw std::logic_error("study: a probe split without a case");
}

std::string accuracy_text(double mean, double spread) {
    if (std::isnan(mean)) return "-";
    return fixed(mean, 4) + " ± " + fixed(spread, 4);
}

std::string data_subset_text(const options& o) {
    if (o.train_limit == 0 && o.test_limit == 0) return "";
    const auto images = [](std::size_t limit, const char* which) {
        return limit == 0 ? std::string("every ") + which + " image"
                          : "the first " + std::to_string(limit) + " " + which + " images";
    };
    return "; <b>a subset of the data</b>: " + images(o.train_limit, "training") + ", " + images(o.test_limit, "test");
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string training_text(const options& o) {
    using namespace mockbn::research;
    std::string text = "initialization " + std::string(name_of(o.init)) + "; optimizer " +
                       std::string(name_of(o.optimizer)) + ", learning rate " + number(o.learning_rate);
    if (o.optimizer == optimizer_rule::sgd) text += ", momentum " + number(o.momentum);
    if (o.schedule == rate_schedule::step)
        text += ", times " + number(o.decay_factor) + " every " + std::to_string(o.decay_every) + " epochs";
    if (o.schedule == rate_schedule::cosine) text += " on a cosine schedule to 0";
    if (o.weight_decay > 0) text += ", weight decay " + number(o.weight_decay);
    if (o.transform_lr_scale != 1)
        text += ", the transformations' parameters at " + number(o.transform_lr_scale) + " times the rate";
    return text;
}

}  // namespace study
