#include "job.hpp"

#include "folder.hpp"
#include "identity.hpp"

namespace study {

std::vector<job> jobs_of(const options& o) {
    std::vector<job> jobs;
    for (const auto& v : o.variants)
        for (auto seed : o.seeds) jobs.push_back({v, seed});
    return jobs;
}

study_data load_data(const options& o, std::string& fingerprint) {
    try {
        // The files stay bytes; only the images the study uses become floats.
        const auto files = mockbn::data::read_standard(o.data_dir);
        fingerprint = data_fingerprint(files);
        const auto& probed = o.probe_split == mockbn::research::probe_split::train ? files.train : files.test;
        return {files.train.head(o.train_limit), files.test.head(o.test_limit), probed.head(o.probe_images)};
    } catch (const mockbn::data::load_error& e) {
        throw failure(e.what());
    }
}

std::string data_key(const options& o) {
    return o.data_dir + '\n' + std::to_string(o.train_limit) + '\n' + std::to_string(o.test_limit) + '\n' +
           std::string(mockbn::research::name_of(o.probe_split)) + '\n' + std::to_string(o.probe_images);
}

}  // namespace study
