#include "job.hpp"

#include <stdexcept>

#include "folder.hpp"
#include "identity.hpp"

namespace study {

std::vector<job> jobs_of(const options& o) {
    std::vector<job> jobs;
    for (const auto& v : o.variants)
        for (auto seed : o.seeds) jobs.push_back({v, seed});
    return jobs;
}

namespace {

// --input-scale: [0, 1], the stored 0 to 255, or standardized by the training images the runs train on.
mockbn::data::pixel_scale pixel_scale_of(const options& o, const mockbn::data::labelled_bytes& train) {
    using mockbn::research::input_scale;
    switch (o.input_scale) {
        case input_scale::unit:
            return {};
        case input_scale::raw:
            return {0, 1};
        case input_scale::standardized:
            return train.standardizing(o.train_limit);
    }
    throw std::logic_error("study: an input scale without a case");
}

}  // namespace

study_data load_data(const options& o, std::string& fingerprint) {
    try {
        // The files stay bytes; only the images the study uses become floats.
        const auto files = mockbn::data::read_standard(o.data_dir);
        fingerprint = data_fingerprint(files);
        const auto& probed = o.probe_split == mockbn::research::probe_split::train ? files.train : files.test;
        const auto scale = pixel_scale_of(o, files.train);
        return {files.train.head(o.train_limit, scale), files.test.head(o.test_limit, scale),
                probed.head(o.probe_images, scale)};
    } catch (const mockbn::data::load_error& e) {
        throw failure(e.what());
    }
}

std::string data_key(const options& o) {
    return o.data_dir + '\n' + std::to_string(o.train_limit) + '\n' + std::to_string(o.test_limit) + '\n' +
           std::string(mockbn::research::name_of(o.probe_split)) + '\n' + std::to_string(o.probe_images) + '\n' +
           std::string(mockbn::research::name_of(o.input_scale));
}

}  // namespace study
