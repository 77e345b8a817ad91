// mockbn/io/checkpoint.hpp
//
// The checkpoint file: named binary sections behind a versioned header, with
// a checksum, written atomically; and the same bytes in memory, to send a
// checkpoint to another process (an MPI rank) instead of a file.
//
// Format (all integers little-endian):
//   "MOCKBNCK"  8 bytes
//   version     u32 (format_version)
//   signature   u32 length + bytes: what the state belongs to (a network's
//               layers and widths); loading checks it
//   sections    u32 count, then per section: u32 name length + name,
//               u64 size + bytes
//   checksum    u32 CRC-32 (zlib) of every byte before it
//
// Contract:
//  - to_bytes(signature) gives the file's bytes; save(path, signature)
//    writes exactly them with io::write_atomically, so a crash or a full
//    disk mid-write leaves the previous checkpoint whole; a failure throws
//    checkpoint_error with the operating system's reason.
//  - from_bytes(bytes, name) checks, in order: the magic, the version (a
//    newer one is refused, not guessed at), every length against the bytes
//    present, and the checksum. load(path) reads the whole file (that it is
//    a file and opens) and checks it as from_bytes does. load(path,
//    signature) then checks the signature too, and on a mismatch names the
//    first line in which the two differ. Each failure throws
//    checkpoint_error naming the file (or from_bytes's name) and the
//    problem; nothing is allocated from a length before it is known to fit.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mockbn/io/atomic_file.hpp"

namespace mockbn::io {

inline constexpr std::uint32_t format_version = 1;

class checkpoint_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class checkpoint {
public:
    // ---- writing ----------------------------------------------------------------

    void put(std::string_view name, std::span<const std::byte> bytes) {
        sections_[std::string(name)].assign(bytes.begin(), bytes.end());
    }
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void put_values(std::string_view name, std::span<const T> values) { put(name, std::as_bytes(values)); }
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void put_value(std::string_view name, const T& value) { put_values(name, std::span<const T>(&value, 1)); }
    void put_text(std::string_view name, std::string_view text) { put(name, std::as_bytes(std::span(text))); }

    // The checkpoint as save() writes it (see the format above).
    std::string to_bytes(std::string_view signature) const {
        std::string out(magic, sizeof magic);
        append_u32(out, format_version);
        append_text(out, signature);
        append_u32(out, static_cast<std::uint32_t>(sections_.size()));
        for (const auto& [name, bytes] : sections_) {
            append_text(out, name);
            append_u64(out, bytes.size());
            out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        }
        append_u32(out, checksum(out));
        return out;
    }

    void save(const std::filesystem::path& path, std::string_view signature) const {
        try {
            write_atomically(path, to_bytes(signature));
        } catch (const write_error& e) {
            throw checkpoint_error(std::string("mockbn::checkpoint: ") + e.what());
        }
    }

    // ---- reading ----------------------------------------------------------------

    static checkpoint load(const std::filesystem::path& path, std::string_view signature) {
        checkpoint result = load(path);
        if (result.signature_ != signature)
            throw checkpoint_error("mockbn::checkpoint: " + path.string() + ": it holds the state of something else: " +
                                   first_difference(result.signature_, signature));
        return result;
    }

    // Reads and checks the file, whatever its signature (see signature()).
    static checkpoint load(const std::filesystem::path& path) {
        auto fail = [&](const std::string& problem) {
            return checkpoint_error("mockbn::checkpoint: " + path.string() + ": " + problem);
        };
        std::error_code kind_error;
        if (std::filesystem::is_directory(path, kind_error)) throw fail("is a folder, not a checkpoint file");
        std::FILE* file = std::fopen(path.c_str(), "rb");
        if (!file) throw fail(std::string("cannot be opened (") + std::strerror(errno) + ")");
        std::string in;
        char chunk[1 << 16];
        for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, file)) > 0;) in.append(chunk, got);
        std::fclose(file);
        return from_bytes(in, path.string());
    }

    // Checks `bytes` as load() checks a file's, whatever their signature;
    // `name` stands for them in messages and in path() ("job 17 from rank 1").
    static checkpoint from_bytes(std::string_view bytes, std::string_view name) {
        auto fail = [&](const std::string& problem) {
            return checkpoint_error("mockbn::checkpoint: " + std::string(name) + ": " + problem);
        };
        std::string_view in = bytes;
        auto need = [&](std::uint64_t size, const std::string& what) {
            if (size > in.size()) throw fail("truncated in " + what);
        };
        need(sizeof magic + 4, "the header");
        if (in.substr(0, sizeof magic) != std::string_view(magic, sizeof magic))
            throw fail("not a mockbn checkpoint (wrong magic)");
        in.remove_prefix(sizeof magic);
        const std::uint32_t version = take<std::uint32_t>(in);
        if (version > format_version)
            throw fail("format version " + std::to_string(version) + " is newer than this build reads (" +
                       std::to_string(format_version) + ")");
        if (version == 0) throw fail("format version 0 does not exist");
        need(4 + 4, "the header");
        if (checksum(bytes.substr(0, bytes.size() - 4)) != little_endian<std::uint32_t>(bytes.substr(bytes.size() - 4)))
            throw fail("checksum mismatch (the file is corrupt or truncated)");
        in.remove_suffix(4);

        checkpoint result;
        result.signature_ = read_text(in, need, "the signature");
        need(4, "the section count");
        const std::uint32_t count = take<std::uint32_t>(in);
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::string section = read_text(in, need, "a section name");
            need(8, "a section size");
            const std::uint64_t size = take<std::uint64_t>(in);
            need(size, "section " + section);
            const auto* first = reinterpret_cast<const std::byte*>(in.data());
            result.sections_[section].assign(first, first + size);
            in.remove_prefix(size);
        }
        if (!in.empty()) throw fail("trailing bytes after the last section");
        result.path_ = name;
        return result;
    }

    // What the state belongs to, as the file has it, and where it was read from (from_bytes's name).
    const std::string& signature() const noexcept { return signature_; }
    const std::string& path() const noexcept { return path_; }

    // The first line in which two signatures differ: "the file has `...` where `...` was expected"
    // (a missing line reads as "nothing").
    static std::string first_difference(std::string_view file, std::string_view expected) {
        auto next_line = [](std::string_view& text) -> std::string {
            if (text.data() == nullptr) return "nothing";
            const auto end = text.find('\n');
            std::string line(text.substr(0, end));
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            return line;
        };
        while (file.data() != nullptr || expected.data() != nullptr) {
            const std::string in_file = next_line(file), wanted = next_line(expected);
            if (in_file != wanted) return "the file has `" + in_file + "` where `" + wanted + "` was expected";
        }
        return "the signatures are equal";
    }

    bool has(std::string_view name) const { return sections_.count(std::string(name)) != 0; }

    std::span<const std::byte> get(std::string_view name) const {
        const auto found = sections_.find(std::string(name));
        if (found == sections_.end())
            throw checkpoint_error("mockbn::checkpoint: " + path_ + ": no section " + std::string(name));
        return found->second;
    }

    // Copies section `name` into `values`, whose size it must match exactly.
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void get_values(std::string_view name, std::span<T> values) const {
        const auto bytes = get(name);
        if (bytes.size() != values.size_bytes())
            throw checkpoint_error("mockbn::checkpoint: " + path_ + ": section " + std::string(name) + " holds " +
                                   std::to_string(bytes.size()) + " bytes, " + std::to_string(values.size_bytes()) +
                                   " expected");
        if (!bytes.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
    }
    template <class T>
        requires std::is_trivially_copyable_v<T> T get_value(std::string_view name)
    const {
        T value{};
        get_values(name, std::span<T>(&value, 1));
        return value;
    }
    std::string get_text(std::string_view name) const {
        const auto bytes = get(name);
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }

private:
    static constexpr char magic[8] = {'M', 'O', 'C', 'K', 'B', 'N', 'C', 'K'};

    static std::uint32_t checksum(std::string_view bytes) {
        uLong crc = crc32(0L, Z_NULL, 0);
        while (!bytes.empty()) {
            const auto part = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1u << 30));
            crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), part);
            bytes.remove_prefix(part);
        }
        return static_cast<std::uint32_t>(crc);
    }
    static void append_u32(std::string& out, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    }
    static void append_u64(std::string& out, std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    }
    static void append_text(std::string& out, std::string_view text) {
        append_u32(out, static_cast<std::uint32_t>(text.size()));
        out.append(text);
    }
    // The little-endian integer in the first bytes of `in` (whose size the caller has checked).
    template <class Unsigned>
    static Unsigned little_endian(std::string_view in) {
        Unsigned v = 0;
        for (std::size_t i = 0; i < sizeof v; ++i) v |= Unsigned{static_cast<unsigned char>(in[i])} << (8 * i);
        return v;
    }
    // The same, consumed from the front of `in`.
    template <class Unsigned>
    static Unsigned take(std::string_view& in) {
        const auto v = little_endian<Unsigned>(in);
        in.remove_prefix(sizeof v);
        return v;
    }
    template <class Need>
    static std::string read_text(std::string_view& in, Need& need, const char* what) {
        need(4, what);
        const std::uint32_t size = take<std::uint32_t>(in);
        need(size, what);
        std::string text(in.substr(0, size));
        in.remove_prefix(size);
        return text;
    }
    std::map<std::string, std::vector<std::byte>> sections_;
    std::string path_;
    std::string signature_;
};

}  // namespace mockbn::io
