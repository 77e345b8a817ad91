// A run's identity: what its checkpoint must match to be continued.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include <mockbn/mockbn.hpp>

#include "folder.hpp"
#include "identity.hpp"
#include "memory.hpp"
#include "sample_options.hpp"

using namespace study;
namespace fs = std::filesystem;

namespace {

const environment here{"60000+10000 images of 28x28, crc32 0123abcd", "Cooperlake", "gcc 12; -O3 (Release)"};

std::string refusal_of(const fs::path& path, const std::string& identity, bool allow_kernel_change) {
    try {
        load_run_checkpoint(path, identity, allow_kernel_change);
    } catch (const study_error& e) {
        return std::to_string(e.status()) + ": " + e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("the data's fingerprint is the CRC-32 of every image as floats and every label, as the datasets hold them") {
    // Pixels past one block of the fingerprint's scaling (16,384), so that blocks join; bytes of every value.
    auto pair = [](std::size_t count, std::uint8_t salt) {
        mockbn::data::labelled_bytes d{"images", {count, 100, 100, {}}, {}, 10};
        for (std::size_t i = 0; i < count * 100 * 100; ++i)
            d.images.pixels.push_back(static_cast<std::uint8_t>(i * 7 + salt));
        for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::uint8_t>((i + salt) % 10));
        return d;
    };
    const mockbn::data::standard_bytes files{pair(3, 1), pair(2, 5)};
    unsigned long crc = crc32(0L, Z_NULL, 0);
    for (const auto* part : {&files.train, &files.test}) {
        const auto held = part->head(0);  // the floats a study's datasets hold
        crc = crc32(crc, reinterpret_cast<const Bytef*>(held.images.data()),
                    static_cast<uInt>(held.images.size() * sizeof(float)));
        crc = crc32(crc, held.labels.data(), static_cast<uInt>(held.labels.size()));
    }
    char expected[96];
    std::snprintf(expected, sizeof expected, "3+2 images of 100x100, crc32 %08lx", crc);
    CHECK(data_fingerprint(files) == expected);
    auto changed = files;
    changed.test.images.pixels.back() ^= 1;  // one pixel of the last block, one bit
    CHECK(data_fingerprint(changed) != expected);
}

TEST_CASE("a checkpoint of another run is refused, naming what differs") {
    const mockbn::testing::scratch_folder s("identity");
    const options o = testing::defaults_in("results");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    mockbn::io::checkpoint c;
    c.put_text("run.kernels", "Cooperlake from epoch 1");
    c.save(file, run_identity(o, "plain", 1, here));

    CHECK(refusal_of(file, run_identity(o, "plain", 1, here), false) == "accepted");
    CHECK(refusal_of(file, run_identity(o, "plain", 2, here), false) ==
          "2: " + file.string() +
              " belongs to another run: the file has `seed=1` where `seed=2` was expected; "
              "--force starts the folder's runs over");
    options faster = o;
    faster.learning_rate = 0.05;
    CHECK(refusal_of(file, run_identity(faster, "plain", 1, here), false)
              .find("the file has `learning_rate=0.02` where `learning_rate=0.05` was expected") != std::string::npos);
    environment other_data = here;
    other_data.data = "60000+10000 images of 28x28, crc32 99999999";
    CHECK(refusal_of(file, run_identity(o, "plain", 1, other_data), false).find("`data=") != std::string::npos);
    environment other_build = here;
    other_build.build = "clang 14; -O2 (Release)";
    CHECK(refusal_of(file, run_identity(o, "plain", 1, other_build), true).find("`build=") != std::string::npos);
}

TEST_CASE("another BLAS kernel is refused unless allowed, and the run's kernel history records it") {
    const mockbn::testing::scratch_folder s("identity");
    const options o = testing::defaults_in("results");
    const fs::path file = s.dir / "bn-seed1.ckpt";
    mockbn::io::checkpoint c;
    c.save(file, run_identity(o, "bn", 1, here));
    environment haswell = here;
    haswell.blas_kernel = "Haswell";
    CHECK(refusal_of(file, run_identity(o, "bn", 1, haswell), false) ==
          "2: " + file.string() +
              " belongs to another run: the file has `blas_kernel=Cooperlake` where "
              "`blas_kernel=Haswell` was expected; --allow-kernel-change continues it under this kernel");
    CHECK(refusal_of(file, run_identity(o, "bn", 1, haswell), true) == "accepted");

    std::string history;
    note_kernel(history, "Cooperlake", 1);
    note_kernel(history, "Cooperlake", 4);
    CHECK(history == "Cooperlake from epoch 1");
    note_kernel(history, "Haswell", 4);
    CHECK(history == "Cooperlake from epoch 1, Haswell from epoch 4");
}

TEST_CASE("a folder in place of a checkpoint is named as such") {
    const mockbn::testing::scratch_folder s("identity");
    fs::create_directories(s.dir / "plain-seed1.ckpt");
    CHECK(refusal_of(s.dir / "plain-seed1.ckpt", "x", false).find("is a folder, not a checkpoint file") !=
          std::string::npos);
}

TEST_CASE("the memory plan counts every parameter, and a study past the machine is refused with both numbers") {
    options o = testing::defaults_in("results");
    o.threads = 2;
    const auto plan = plan_memory(o, 784, 10);
    // The largest network of the study: log_shift's three parameters per feature on two layers.
    const mockbn::basic_mlp<float, mockbn::log_shift> largest({784, 100, 5, 10, {3, 4}}, 1);
    CHECK(plan.parameters == largest.parameters().size());
    CHECK(plan.runs_at_once == 2);
    CHECK(plan.total() < (std::uint64_t{1} << 30));
    o.width = 100000;
    o.depth = 50;
    try {
        require_memory(o, 784, 10);
        FAIL("a network of 5e11 parameters was accepted");
    } catch (const study_error& e) {
        CHECK(e.status() == 2);
        CHECK(std::string(e.what()).find("available: lower --width, --depth or --threads") != std::string::npos);
    }
}
