// A private temporary folder for one test, removed with all it holds when
// the test ends.
#pragma once

#include <filesystem>
#include <string>

#include <unistd.h>

namespace mockbn::testing {

struct scratch_folder {
    explicit scratch_folder(const std::string& name)
        : dir(std::filesystem::temp_directory_path() / ("mockbn_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(dir);
    }
    ~scratch_folder() { std::filesystem::remove_all(dir); }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;

    std::filesystem::path dir;
};

}  // namespace mockbn::testing
