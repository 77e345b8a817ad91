// The fuzz targets' bodies: each takes arbitrary bytes as the content of a
// file and hands it to a reader, which must either accept it or throw its
// own error; anything else (a crash, a sanitizer report, another exception,
// a hang) is a bug. Built into libFuzzer programs by scripts/fuzz, and
// replayed over every file of tests/fuzz/corpus/ by the test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "mockbn/data/idx.hpp"
#include "mockbn/io/checkpoint.hpp"

// tools/mockbn: the readers of a study's options, a sweep file and a results folder's own files.
#include "command_line.hpp"
#include "folder.hpp"
#include "options.hpp"
#include "sweep_file.hpp"
#include "sweep_folder.hpp"

namespace fuzz {

// The bytes as a file of the given name in a private scratch folder.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("mockbn_fuzz_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// The image and the label reader on one file.
inline void read_idx(const std::filesystem::path& path) {
    try {
        mockbn::data::read_images(path);
    } catch (const mockbn::data::load_error&) {}
    try {
        mockbn::data::read_labels(path);
    } catch (const mockbn::data::load_error&) {}
}

// IDX images and labels, raw (zlib passes a file without the gzip magic through).
inline void idx(const std::uint8_t* data, std::size_t size) { read_idx(as_file(data, size, "input-idx")); }

// The same readers on a .gz file: the corpus holds gzip streams to mutate.
inline void gzip(const std::uint8_t* data, std::size_t size) { read_idx(as_file(data, size, "input.gz")); }

// The checkpoint reader, then every section it accepted.
inline void checkpoint(const std::uint8_t* data, std::size_t size) {
    const auto path = as_file(data, size, "input.ckpt");
    try {
        const auto c = mockbn::io::checkpoint::load(path, "fuzz");
        float values[4];
        if (c.has("parameters")) c.get_values<float>("parameters", values);
    } catch (const mockbn::io::checkpoint_error&) {}
}

// A study's options as its results folder's plan.json holds them (what --resume reads): parsed, then checked
// like a command line; anything it refuses must be an option_error.
inline void options_json(const std::uint8_t* data, std::size_t size) {
    try {
        study::options o = study::from_json(std::string(reinterpret_cast<const char*>(data), size));
        o.out = "fuzz";
        study::check(o);
    } catch (const study::option_error&) {}
}

// A sweep's grid, expanded and written in canonical form when it is small; the canonical form, read back, is the
// same sweep. Anything the readers refuse must be their own error.
inline void sweep_grid(const sweep::grid& g) {
    const auto size = sweep::size_of(g);
    if (size.configurations > 16 || size.jobs > 4096) return;  // the bound is the grid tests' (test_grid.cpp)
    const auto configurations = sweep::expand(g, "fuzz");
    const auto canonical = sweep::canonical(g, configurations);
    const auto again = sweep::grid_from_json(canonical.dump());
    if (sweep::canonical(again, sweep::expand(again, "fuzz")) != canonical) __builtin_trap();
}

// A sweep file (mockbn sweep --file), as the program reads it.
inline void sweep_file(const std::uint8_t* data, std::size_t size) {
    try {
        sweep_grid(sweep::read_sweep_file(as_file(data, size, "sweep.json")));
    } catch (const study::study_error&) {
    } catch (const study::usage_error&) {
    } catch (const study::option_error&) {}
}

// A results folder's plan.json and times.csv, read as study, sweep, merge and report read them.
inline void folder_files(const std::uint8_t* data, std::size_t size) {
    const auto plan = as_file(data, size, study::plan_file_name);
    const auto folder = plan.parent_path();
    std::filesystem::copy_file(plan, folder / "times.csv", std::filesystem::copy_options::overwrite_existing);
    try {
        study::read_invocations(folder);
    } catch (const study::study_error&) {}
    try {
        const auto content = study::inspect(folder);
        if (content == study::folder_content::study) {
            study::options o = study::from_json(study::read_plan(folder, content).dump());
            o.out = "fuzz";
            study::check(o);
        } else {
            sweep_grid(sweep::read_plan(folder));
        }
    } catch (const study::study_error&) {
    } catch (const study::usage_error&) {
    } catch (const study::option_error&) {}
}

}  // namespace fuzz
