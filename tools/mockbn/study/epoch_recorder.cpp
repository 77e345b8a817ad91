#include "epoch_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace study {

std::string epoch_recorder::progress_line(const mockbn::epoch_report& report, const epoch_record& recorded) const {
    char part[128];
    std::string line = job_.variant;
    line.append(name_width(o_.variants) - job_.variant.size(), ' ');
    std::snprintf(part, sizeof part, " seed %llu  epoch %zu/%zu  train loss %.4f",
                  static_cast<unsigned long long>(job_.seed), report.epoch, o_.epochs, report.train_loss);
    line += part;
    for (const auto& [name, accuracy] :
         {std::pair{"validation", recorded.validation_accuracy}, std::pair{"test", recorded.test_accuracy}})
        if (!std::isnan(accuracy)) {
            std::snprintf(part, sizeof part, "  %s accuracy %.4f", name, accuracy);
            line += part;
        }
    std::snprintf(part, sizeof part, "  (%.0f samples/s)",
                  static_cast<double>(data_.train.count) / std::max(report.seconds, 1e-9));
    return line + part;
}

}  // namespace study
