// Checkpoints: save → load gives the same network and optimizer bit for bit,
// training continues exactly, the bytes in memory are the file's (pinned), and
// every bad file or byte string gets a clear error.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;
namespace fs = std::filesystem;

namespace {

using net = stack<input<12>, dense<8>, relu, dense<8>, transform<batch_norm>, relu, dense<8>, transform<log_shift>,
                  relu, dense<3>, softmax_cross_entropy>;

std::vector<int> labels(std::size_t n) {
    std::vector<int> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<int>(i % 3);
    return y;
}

template <class Model, class Optimizer>
void train(Model& model, Optimizer& optimizer, int steps, std::uint64_t seed) {
    for (int s = 0; s < steps; ++s) {
        const auto x = mockbn::testing::uniform_matrix<float>(16, 12, seed + static_cast<std::uint64_t>(s));
        model.forward(x, labels(16), training);
        model.backward();
        optimizer.step(model);
    }
}

void save(const fs::path& file, const net& model, const adam& optimizer, const random::generator& g) {
    io::checkpoint c;
    io::save_state(c, model);
    io::save_state(c, optimizer, "optimizer");
    c.put_values<std::uint64_t>("generator", std::span<const std::uint64_t>(g.state(), 4));
    c.save(file, model.signature());
}

// Two policies of a user's, of one shape (one learnable parameter each) and without a name.
struct scaled {
    static constexpr parameter params[] = {{"a", 1.0}};
    template <class X, class A>
    static auto apply(const X& x, const A& a) {
        return a * x;
    }
};
struct shifted {
    static constexpr parameter params[] = {{"a", 0.0}};
    template <class X, class A>
    static auto apply(const X& x, const A& a) {
        return x + a;
    }
};
template <class P>
using one_transform = stack<input<4>, dense<3>, transform<P>, relu, dense<2>, softmax_cross_entropy>;

}  // namespace

TEST_CASE("two unnamed policies of one shape have signatures of their own: one's checkpoint refuses the other") {
    CHECK(transformation_name<scaled>().ends_with("scaled"));
    CHECK(transformation_name<shifted>().ends_with("shifted"));
    CHECK(transformation_name<log_shift>() == "log_shift");  // a name given is the name
    const one_transform<scaled> first{1};
    const one_transform<shifted> second{1};
    REQUIRE(first.signature() != second.signature());
    const mockbn::testing::scratch_folder s("checkpoint");
    io::checkpoint c;
    io::save_state(c, first);
    c.save(s.dir / "scaled.ckpt", first.signature());
    CHECK_THROWS_WITH_AS(io::checkpoint::load(s.dir / "scaled.ckpt", second.signature()),
                         doctest::Contains("it holds the state of something else"), io::checkpoint_error);
}

TEST_CASE("save, load, continue: the same predictions and the same training, bit for bit") {
    const mockbn::testing::scratch_folder s("checkpoint");
    net model{3};
    adam optimizer{{.learning_rate = 0.01}};
    random::generator g(9);
    g();
    train(model, optimizer, 5, 100);
    save(s.dir / "state.ckpt", model, optimizer, g);

    net restored{77};  // other initial values, all to be overwritten
    adam restored_optimizer{{.learning_rate = 0.01}};
    const auto c = io::checkpoint::load(s.dir / "state.ckpt", restored.signature());
    io::load_state(c, restored);
    io::load_state(c, restored_optimizer, "optimizer");
    std::uint64_t words[4];
    c.get_values<std::uint64_t>("generator", words);
    random::generator restored_g(0);
    restored_g.set_state(words);
    CHECK(restored_g() == g());

    const auto x = mockbn::testing::uniform_matrix<float>(7, 12, 5);
    const auto a = model.predict(x), b = restored.predict(x);
    CHECK(std::equal(a.data, a.data + a.size(), b.data));  // inference uses the restored running statistics too

    train(model, optimizer, 4, 200);
    train(restored, restored_optimizer, 4, 200);
    CHECK(restored_optimizer.steps() == optimizer.steps());
    CHECK(std::equal(model.parameters().begin(), model.parameters().end(), restored.parameters().begin()));
    CHECK(!fs::exists(s.dir / "state.ckpt.tmp"));
}

TEST_CASE("a checkpoint for another network, a truncated, corrupt or newer file: each a clear error") {
    const mockbn::testing::scratch_folder s("checkpoint");
    net model{3};
    adam optimizer{};
    train(model, optimizer, 1, 1);
    const fs::path file = s.dir / "good.ckpt";
    save(file, model, optimizer, random::generator(1));
    std::vector<char> bytes(fs::file_size(file));
    std::ifstream(file, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    auto write = [&](const std::string& name, const std::vector<char>& content) {
        std::ofstream(s.dir / name, std::ios::binary)
            .write(content.data(), static_cast<std::streamsize>(content.size()));
        return s.dir / name;
    };
    auto message = [&](const fs::path& path, const std::string& signature) {
        try {
            io::checkpoint::load(path, signature);
        } catch (const io::checkpoint_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string prefix = "mockbn::checkpoint: " + (s.dir / "").string();

    using other = stack<input<12>, dense<9>, relu, dense<3>, softmax_cross_entropy>;
    const std::string other_signature = other{1}.signature();
    CHECK(message(file, other_signature) == prefix + "good.ckpt: it holds the state of something else: " +
                                                io::checkpoint::first_difference(model.signature(), other_signature));
    CHECK(message(s.dir / "absent", model.signature()) ==
          prefix + "absent: cannot be opened (No such file or directory)");
    fs::create_directory(s.dir / "folder.ckpt");
    CHECK(message(s.dir / "folder.ckpt", model.signature()) ==
          prefix + "folder.ckpt: is a folder, not a checkpoint file");
    CHECK(message(write("empty", {}), model.signature()) == prefix + "empty: truncated in the header");
    CHECK(message(write("text", std::vector<char>(40, 'x')), model.signature()) ==
          prefix + "text: not a mockbn checkpoint (wrong magic)");
    auto truncated = bytes;
    truncated.resize(bytes.size() / 2);
    CHECK(message(write("half", truncated), model.signature()) ==
          prefix + "half: checksum mismatch (the file is corrupt or truncated)");
    auto flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x10;
    CHECK(message(write("flipped", flipped), model.signature()) ==
          prefix + "flipped: checksum mismatch (the file is corrupt or truncated)");
    auto newer = bytes;
    newer[8] = 2;  // the version, little-endian
    CHECK(message(write("newer", newer), model.signature()) ==
          prefix + "newer: format version 2 is newer than this build reads (1)");

    // The optimizer's state belongs to its rule.
    sgd wrong{};
    CHECK_THROWS_WITH_AS(io::load_state(io::checkpoint::load(file, model.signature()), wrong, "optimizer"),
                         (prefix + "good.ckpt: optimizer.rule is 'adam' where 'sgd' was expected").c_str(),
                         io::checkpoint_error);
}

namespace {

// A small checkpoint and its bytes, pinned: the format of every checkpoint written so far.
io::checkpoint pinned_checkpoint() {
    io::checkpoint c;
    c.put_text("text", "hi");
    c.put_value<std::uint32_t>("value", 0x01020304u);
    c.put("empty", {});
    return c;
}
const std::string pinned_signature = "net\nwidth=2";
const std::vector<unsigned char> pinned_bytes = {
    0x4d, 0x4f, 0x43, 0x4b, 0x42, 0x4e, 0x43, 0x4b, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x6e, 0x65, 0x74,
    0x0a, 0x77, 0x69, 0x64, 0x74, 0x68, 0x3d, 0x32, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x65, 0x6d, 0x70,
    0x74, 0x79, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x74, 0x65, 0x78, 0x74, 0x02,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68, 0x69, 0x05, 0x00, 0x00, 0x00, 0x76, 0x61, 0x6c, 0x75, 0x65, 0x04,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x03, 0x02, 0x01, 0x23, 0x95, 0xc7, 0x5c};

// `body` followed by its CRC-32, as a checkpoint ends.
std::string with_checksum(const std::string& body) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
    std::string out = body;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(crc >> (8 * i)));
    return out;
}

}  // namespace

TEST_CASE("to_bytes is what save writes, bit for bit, in the pinned format") {
    const mockbn::testing::scratch_folder s("checkpoint");
    const auto c = pinned_checkpoint();
    const std::string bytes = c.to_bytes(pinned_signature);
    CHECK(bytes == std::string(pinned_bytes.begin(), pinned_bytes.end()));
    c.save(s.dir / "pinned.ckpt", pinned_signature);
    std::ifstream file(s.dir / "pinned.ckpt", std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(file), {}) == bytes);
}

TEST_CASE("from_bytes gives back what to_bytes was given, and names the bytes in its errors") {
    const std::string bytes = pinned_checkpoint().to_bytes(pinned_signature);
    const auto c = io::checkpoint::from_bytes(bytes, "job 3 from rank 1");
    CHECK(c.signature() == pinned_signature);
    CHECK(c.path() == "job 3 from rank 1");
    CHECK(c.get_text("text") == "hi");
    CHECK(c.get_value<std::uint32_t>("value") == 0x01020304u);
    CHECK(c.get("empty").empty());
    CHECK(c.to_bytes(pinned_signature) == bytes);
    CHECK_THROWS_WITH_AS(c.get("absent"), "mockbn::checkpoint: job 3 from rank 1: no section absent",
                         io::checkpoint_error);

    const std::string prefix = "mockbn::checkpoint: job 3 from rank 1: ";
    auto message = [](std::string_view given) {
        try {
            io::checkpoint::from_bytes(given, "job 3 from rank 1");
        } catch (const io::checkpoint_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message({}) == prefix + "truncated in the header");
    CHECK(message(std::string_view(bytes).substr(0, bytes.size() - 1)) ==
          prefix + "checksum mismatch (the file is corrupt or truncated)");
    CHECK(message("MOCKBNXX" + bytes.substr(8)) == prefix + "not a mockbn checkpoint (wrong magic)");
    // A section longer than the bytes, under a correct checksum: its length is refused before any allocation.
    std::string lying = bytes.substr(0, bytes.size() - 4);
    lying[lying.find("hi") - 4] = '\x7f';  // a high byte of section "text"'s u64 size
    CHECK(message(with_checksum(lying)) == prefix + "truncated in section text");
    CHECK(message(with_checksum(bytes.substr(0, bytes.size() - 4) + "x")) ==
          prefix + "trailing bytes after the last section");
}

TEST_CASE("first_difference names the first line in which two signatures differ") {
    CHECK(io::checkpoint::first_difference("net\nseed=1\nlr=0.1", "net\nseed=2\nlr=0.1") ==
          "the file has `seed=1` where `seed=2` was expected");
    CHECK(io::checkpoint::first_difference("net", "net\nseed=1") ==
          "the file has `nothing` where `seed=1` was expected");
    CHECK(io::checkpoint::first_difference("net\nseed=1", "net") ==
          "the file has `seed=1` where `nothing` was expected");
}

TEST_CASE("saving leaves no temporary behind, and a failed save leaves the previous file whole") {
    const mockbn::testing::scratch_folder s("checkpoint");
    net model{3};
    io::checkpoint c;
    io::save_state(c, model);
    c.save(s.dir / "state.ckpt", model.signature());
    const auto before = fs::file_size(s.dir / "state.ckpt");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.dir)) ++entries;
    CHECK(entries == 1);
    // A folder where the file should go: the rename fails, with the reason.
    fs::create_directories(s.dir / "taken.ckpt" / "inside");
    CHECK_THROWS_WITH_AS(c.save(s.dir / "taken.ckpt", model.signature()),
                         doctest::Contains("taken.ckpt: writing failed (Is a directory)"), io::checkpoint_error);
    CHECK(fs::file_size(s.dir / "state.ckpt") == before);
}

TEST_CASE("an mlp's state round-trips too, running statistics included") {
    const mockbn::testing::scratch_folder s("checkpoint");
    mlp<batch_norm> model({.inputs = 12, .width = 6, .depth = 3, .classes = 3, .transformed = {2}}, 4);
    sgd optimizer{{.learning_rate = 0.05, .momentum = 0.9}};
    train(model, optimizer, 3, 7);
    io::checkpoint c;
    io::save_state(c, model);
    io::save_state(c, optimizer, "optimizer");
    c.save(s.dir / "mlp.ckpt", model.signature());
    mlp<batch_norm> restored({.inputs = 12, .width = 6, .depth = 3, .classes = 3, .transformed = {2}}, 5);
    const auto loaded = io::checkpoint::load(s.dir / "mlp.ckpt", restored.signature());
    io::load_state(loaded, restored);
    const auto x = mockbn::testing::uniform_matrix<float>(4, 12, 8);
    const auto a = model.predict(x), b = restored.predict(x);
    CHECK(std::equal(a.data, a.data + a.size(), b.data));
    mlp<batch_norm> different({.inputs = 12, .width = 6, .depth = 3, .classes = 3, .transformed = {3}}, 5);
    CHECK_THROWS_AS(io::checkpoint::load(s.dir / "mlp.ckpt", different.signature()), io::checkpoint_error);
}

TEST_CASE("the persistence hook: what has state, the sections it writes, and a slot of the wrong size") {
    static_assert(has_state<net> && has_state<adam> && has_state<basic_sgd<double>>);
    static_assert(has_state<transform<batch_norm>::layer<float>>);
    static_assert(!has_state<transform<log_shift>::layer<float>> && !has_state<relu::layer<float>>);

    net model{3};
    adam optimizer{};
    train(model, optimizer, 1, 1);
    io::checkpoint c;
    io::save_state(c, model, "model");
    io::save_state(c, optimizer, "optimizer");
    // Entry 4 is the batch norm: only it keeps running statistics (entry 7, log_shift, keeps none).
    for (const char* name :
         {"model.parameters", "model.layer4.running_mean", "model.layer4.running_variance", "optimizer.rule",
          "optimizer.steps", "optimizer.size", "optimizer.slot0", "optimizer.slot1"})
        CHECK_MESSAGE(c.has(name), std::string(name));
    CHECK(!c.has("model.layer7.running_mean"));
    CHECK(c.get_text("optimizer.rule") == "adam");

    const std::size_t count = model.parameters().size();
    c.put_values<float>("optimizer.slot1", std::vector<float>(count - 1));
    adam restored{};
    CHECK_THROWS_WITH_AS(
        io::load_state(c, restored, "optimizer"),
        ("mockbn::checkpoint: : section optimizer.slot1 does not hold " + std::to_string(count) + " values").c_str(),
        io::checkpoint_error);
    net other{4};
    CHECK_THROWS_WITH_AS(io::load_state(c, other), "mockbn::checkpoint: : no section parameters", io::checkpoint_error);
}
