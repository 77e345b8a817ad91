#include "job.hpp"

#include <cstdint>
#include <span>
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
mockbn::data::pixel_scale pixel_scale_of(const options& o, const mockbn::data::labelled_bytes& train,
                                         std::span<const std::uint32_t> trained) {
    using mockbn::research::input_scale;
    switch (o.input_scale) {
        case input_scale::unit:
            return {};
        case input_scale::raw:
            return {0, 1};
        case input_scale::standardized:
            return train.standardizing(trained);
    }
    throw std::logic_error("study: an input scale without a case");
}

}  // namespace

study_data load_data(const options& o, std::string& fingerprint) {
    try {
        // The files stay bytes; only the images the study uses become floats.
        const auto files = mockbn::data::read_standard(o.data_dir);
        fingerprint = data_fingerprint(files);
        const std::size_t limit = o.train_limit == 0 ? files.train.labels.size() : o.train_limit;
        const auto split = mockbn::data::stratified_holdout(
            std::span(files.train.labels).first(limit), files.train.classes, validation_images(o), o.validation_seed);
        const auto scale = pixel_scale_of(o, files.train, split.kept);
        study_data data{files.train.examples(split.kept, scale),
                        files.train.examples(split.held_out, scale),
                        files.test.head(o.test_limit, scale),
                        {}};
        using mockbn::research::probe_split;
        data.probe = o.probe_split == probe_split::validation ? mockbn::data::head(data.validation, o.probe_images)
                     : o.probe_split == probe_split::train    ? mockbn::data::head(data.train, o.probe_images)
                                                              : files.test.head(o.probe_images, scale);
        return data;
    } catch (const mockbn::data::load_error& e) {
        throw failure(e.what());
    }
}

std::string data_key(const options& o) {
    return o.data_dir + '\n' + std::to_string(o.train_limit) + '\n' + std::to_string(o.test_limit) + '\n' +
           std::string(mockbn::research::name_of(o.probe_split)) + '\n' + std::to_string(o.probe_images) + '\n' +
           std::string(mockbn::research::name_of(o.input_scale)) + '\n' + std::to_string(validation_images(o)) + '\n' +
           std::to_string(o.validation_seed);
}

}  // namespace study
