// mockbn/data/dataset.hpp
//
// dataset: labelled images in memory, one row of features per image, ready
// to be cut into batches.
//
// Contract: images holds count · features floats, row-major, each pixel
// scaled to [0, 1]; labels holds count values in [0, classes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mockbn/layers/matrix.hpp"

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

}  // namespace mockbn::data
