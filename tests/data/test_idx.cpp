// The IDX readers: small files the test writes, raw and gzip, good and bad.
#include <sys/stat.h>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include "mockbn/data/idx.hpp"

using namespace mockbn;
namespace fs = std::filesystem;

namespace {

std::vector<unsigned char> header(std::uint32_t magic, std::vector<std::uint32_t> dims) {
    std::vector<unsigned char> bytes;
    for (std::uint32_t word : {magic}) dims.insert(dims.begin(), word);
    for (std::uint32_t word : dims)
        for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(word >> shift));
    return bytes;
}

std::vector<unsigned char> image_file(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
    auto bytes = header(0x803, {count, rows, cols});
    for (std::uint32_t i = 0; i < count * rows * cols; ++i) bytes.push_back(static_cast<unsigned char>(i * 37));
    return bytes;
}

std::vector<unsigned char> label_file(std::vector<unsigned char> labels) {
    auto bytes = header(0x801, {static_cast<std::uint32_t>(labels.size())});
    bytes.insert(bytes.end(), labels.begin(), labels.end());
    return bytes;
}

struct scratch : mockbn::testing::scratch_folder {
    scratch() : scratch_folder("idx") {}
    fs::path write(const std::string& name, const std::vector<unsigned char>& bytes) const {
        std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return dir / name;
    }
    fs::path write_gzip(const std::string& name, const std::vector<unsigned char>& bytes) const {
        gzFile out = gzopen((dir / name).c_str(), "wb");
        gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
        gzclose(out);
        return dir / name;
    }
};

}  // namespace

TEST_CASE("raw and gzip IDX files give the same pixels, scaled to [0, 1], and labels") {
    const scratch s;
    const auto raw = data::read_pair(s.write("i", image_file(3, 2, 2)), s.write("l", label_file({0, 9, 4})));
    const auto zipped =
        data::read_pair(s.write_gzip("i.gz", image_file(3, 2, 2)), s.write_gzip("l.gz", label_file({0, 9, 4})));
    CHECK(raw.count == 3);
    CHECK(raw.rows == 2);
    CHECK(raw.cols == 2);
    CHECK(raw.images == zipped.images);
    CHECK(raw.labels == zipped.labels);
    CHECK(raw.images[1] == 37.0f / 255.0f);
    CHECK(raw.labels == std::vector<std::uint8_t>{0, 9, 4});
}

TEST_CASE("the stored bytes scale to the same dataset, whole or its first examples alone") {
    const scratch s;
    const auto images = s.write("i", image_file(5, 3, 2)), labels = s.write("l", label_file({7, 1, 0, 9, 4}));
    const auto whole = data::read_pair(images, labels);
    const auto stored = data::read_pair_bytes(images, labels);
    CHECK(stored.images.pixels.size() == 5 * 3 * 2);
    CHECK(stored.images.pixels[1] == 37);
    for (const std::size_t count : {0, 1, 2, 5, 6}) {
        CAPTURE(count);
        const auto head = stored.head(count), expected = data::head(whole, count);
        CHECK(head.count == expected.count);
        CHECK(head.rows == 3);
        CHECK(head.cols == 2);
        CHECK(head.images == expected.images);
        CHECK(head.labels == expected.labels);
    }
    CHECK(data::head(whole, 2).count == 2);
    CHECK(stored.head(0).count == 5);
}

TEST_CASE("pixel scales: [0, 1] by default, the stored bytes exactly, or standardized over the first images") {
    const scratch s;
    const auto stored =
        data::read_pair_bytes(s.write("i", image_file(5, 3, 2)), s.write("l", label_file({7, 1, 0, 9, 4})));
    for (int p = 0; p < 256; ++p) {
        const auto byte = static_cast<unsigned char>(p);
        CHECK(data::pixel_value(byte) == static_cast<float>(p) / 255.0f);  // bit for bit as before scales existed
        CHECK(data::pixel_value(byte, {0, 1}) == static_cast<float>(p));
    }
    const auto raw = stored.head(0, {0, 1});
    for (std::size_t i = 0; i < raw.images.size(); ++i) CHECK(raw.images[i] == stored.images.pixels[i]);
    const std::vector<std::uint32_t> first_two{0, 1}, chosen{4, 1, 3}, all{0, 1, 2, 3, 4};
    for (const auto* examples : {&first_two, &chosen, &all}) {
        CAPTURE(examples->size());
        const auto standardized = stored.examples(*examples, stored.standardizing(*examples));
        REQUIRE(standardized.count == examples->size());
        double sum = 0, squares = 0;
        for (const float v : standardized.images) sum += v;
        const double mean = sum / static_cast<double>(standardized.images.size());
        for (const float v : standardized.images) squares += (v - mean) * (v - mean);
        CHECK(std::abs(mean) < 1e-6);
        CHECK(std::sqrt(squares / static_cast<double>(standardized.images.size())) == doctest::Approx(1).epsilon(1e-6));
    }
    CHECK(stored.standardizing(first_two).offset != stored.standardizing(all).offset);  // over the images used alone
    // examples() takes the listed images in their order, each image's pixels and label together.
    const auto picked = stored.examples(chosen, {0, 1}), whole = stored.head(0, {0, 1});
    CHECK(picked.labels == std::vector<std::uint8_t>{4, 1, 9});
    for (std::size_t r = 0; r < chosen.size(); ++r)
        for (std::size_t k = 0; k < 6; ++k) CHECK(picked.images[r * 6 + k] == whole.images[chosen[r] * 6 + k]);
    auto flat = header(0x803, {2, 1, 1});
    flat.insert(flat.end(), {9, 9});
    const auto one_shade = data::read_pair_bytes(s.write("flat", flat), s.write("l2", label_file({0, 1})));
    CHECK(one_shade.standardizing(first_two).divisor == 1.0f);
}

TEST_CASE("bad IDX files: each error names the file and the problem") {
    const scratch s;
    const auto labels = s.write("labels", label_file({1, 2}));
    auto message = [&](const fs::path& images, const fs::path& label_path) {
        try {
            data::read_pair(images, label_path);
        } catch (const data::load_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const auto path = [&](const char* name) { return (s.dir / name).string(); };
    CHECK(message(s.dir / "absent", labels) == "mockbn::data: " + path("absent") + ": no such file");
    CHECK(message(s.write("empty", {}), labels) ==
          "mockbn::data: " + path("empty") + ": too short for an IDX image header (0 bytes, need 16)");
    CHECK(message(s.write("magic", header(0x801, {2, 2, 2})), labels) ==
          "mockbn::data: " + path("magic") + ": wrong magic number 0x00000801 (IDX images have 0x00000803)");
    auto truncated = image_file(2, 2, 2);
    truncated.pop_back();
    CHECK(message(s.write("truncated", truncated), labels) ==
          "mockbn::data: " + path("truncated") +
              ": declares 2 images of 2 x 2 pixels but holds 7 bytes of pixels (truncated)");
    CHECK(message(s.write("huge", header(0x803, {0xffffffffu, 0xffffffffu, 0xffffffffu})), labels) ==
          "mockbn::data: " + path("huge") +
              ": declares 4294967295 images of 4294967295 x 4294967295 pixels but holds 0 bytes of pixels (truncated)");
    CHECK(message(s.write("zero", header(0x803, {0, 28, 28})), labels) ==
          "mockbn::data: " + path("zero") + ": declares 0 images of 28 x 28 pixels; every dimension must be positive");
    const auto three = s.write("three", image_file(3, 2, 2));
    CHECK(message(three, labels) ==
          "mockbn::data: " + path("three") + " holds 3 images but " + labels.string() + " holds 2 labels");
    CHECK(message(three, s.write("range", label_file({1, 10, 2}))) ==
          "mockbn::data: " + path("range") + ": label 10 at index 1 is outside 0 to 9");
    auto short_labels = label_file({1, 2, 3});
    short_labels.pop_back();
    CHECK(message(three, s.write("short", short_labels)) ==
          "mockbn::data: " + path("short") + ": declares 3 labels but holds 2 (truncated)");
    auto gz = s.write_gzip("cut.gz", image_file(3, 2, 2));
    const auto size = fs::file_size(gz);
    fs::resize_file(gz, size - 6);  // cut into the gzip trailer
    CHECK(message(gz, labels) == "mockbn::data: " + path("cut.gz") + ": is a truncated or corrupt gzip file");
}

TEST_CASE("a FIFO, a link to a device, a folder or a dangling link where a data file should be is named as such") {
    const scratch s;
    const auto labels = s.write("labels", label_file({1, 2}));
    auto message = [&](const fs::path& images) {
        try {
            data::read_pair(images, labels);
        } catch (const data::load_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    REQUIRE(::mkfifo((s.dir / "fifo").c_str(), 0600) == 0);  // opened, it would block until a writer came
    fs::create_symlink("/dev/zero", s.dir / "zero");         // read, it would never end
    fs::create_directory(s.dir / "folder");
    fs::create_symlink(s.dir / "nowhere", s.dir / "dangling");
    const std::string at = "mockbn::data: " + (s.dir / "").string();
    CHECK(message(s.dir / "fifo") == at + "fifo: is a FIFO (named pipe), not a data file");
    CHECK(message(s.dir / "zero") == at + "zero: is a character device, not a data file");
    CHECK(message(s.dir / "folder") == at + "folder: is a folder, not a data file");
    CHECK(message(s.dir / "dangling") == at + "dangling: is a symbolic link to nothing, not a data file");
    // Looked for by name in a data folder, the same, whichever file is looked for first.
    for (const char* name :
         {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
        fs::create_symlink("/dev/zero", s.dir / name);
    CHECK_THROWS_WITH_AS(data::load_standard(s.dir),
                         doctest::Contains("-ubyte: is a character device, not a data file"), data::load_error);
}
