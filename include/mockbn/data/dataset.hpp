// mockbn/data/dataset.hpp
//
// dataset: labelled images in memory, one row of features per image, ready
// to be cut into batches.
//
// Contract: images holds count · features floats, row-major, each pixel
// scaled to [0, 1]; labels holds count values in [0, classes).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mockbn/core/matrix.hpp"

namespace mockbn::data {

struct dataset {
    std::string name;  // where it came from, for messages
    std::size_t count = 0;
    std::size_t rows = 0, cols = 0;  // of each image
    std::size_t classes = 10;
    std::vector<float> images;
    std::vector<std::uint8_t> labels;

    std::size_t features() const noexcept { return rows * cols; }
    matrix_view<const float> all_images() const noexcept { return {images.data(), count, features()}; }
};

// The first `count` examples (all of them when count is 0 or too large), copied.
inline dataset head(const dataset& source, std::size_t count) {
    count = count == 0 ? source.count : std::min(count, source.count);
    const auto pixels = static_cast<std::ptrdiff_t>(count * source.features());
    return {source.name,
            count,
            source.rows,
            source.cols,
            source.classes,
            {source.images.begin(), source.images.begin() + pixels},
            {source.labels.begin(), source.labels.begin() + static_cast<std::ptrdiff_t>(count)}};
}

}  // namespace mockbn::data
