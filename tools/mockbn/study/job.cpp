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
        const auto all = mockbn::data::load_standard(o.data_dir);
        fingerprint = data_fingerprint(all);
        return {mockbn::data::head(all.train, o.train_limit), mockbn::data::head(all.test, o.test_limit),
                mockbn::data::head(o.probe_split == mockbn::research::probe_split::train ? all.train : all.test,
                                   o.probe_images)};
    } catch (const mockbn::data::load_error& e) {
        throw failure(e.what());
    }
}

std::string data_key(const options& o) {
    return o.data_dir + '\n' + std::to_string(o.train_limit) + '\n' + std::to_string(o.test_limit) + '\n' +
           std::string(mockbn::research::name_of(o.probe_split)) + '\n' + std::to_string(o.probe_images);
}

}  // namespace study
